import APIContract
import Domain
import Foundation
import Persistence

extension APIHandlers {
    func getReach(_ input: Operations.GetReach.Input) async throws -> Operations.GetReach.Output {
        let today = VietnamCalendar.day(of: clock.now())
        let thisYear = VietnamCalendar.year(of: clock.now())
        var errors: [FieldError] = []
        var day = today
        switch (input.query.year, input.query.asOf) {
        case (let year?, nil):
            if year > thisYear {
                errors.append(FieldError(pointer: "/query/year", message: LocalizedText(vi: "Năm chưa tới.", en: "That year has not come yet.")))
            } else {
                day = year == thisYear ? today : String(format: "%04d-12-31", year)
            }
        case (nil, let asOf?):
            if !Self.isCalendarDate(asOf) {
                errors.append(FieldError(pointer: "/query/asOf", message: LocalizedText(vi: "Ngày phải có dạng YYYY-MM-DD.", en: "The date must look like YYYY-MM-DD.")))
            } else if asOf > today {
                errors.append(FieldError(pointer: "/query/asOf", message: LocalizedText(vi: "Ngày chưa tới.", en: "That day has not come yet.")))
            } else {
                day = asOf
            }
        case (_?, _?):
            errors.append(FieldError(pointer: "/query/asOf", message: LocalizedText(vi: "Chỉ nhập year hoặc asOf.", en: "Give year or asOf, not both.")))
        case (nil, nil):
            break
        }
        guard errors.isEmpty else { throw Problem(.validation, errors: errors) }
        let year = Int(day.prefix(4))!
        let report = try await database.withConnection { connection in
            ReachReport(
                asOf: day, year: year,
                counts: try await ReachStore.counts(upTo: day, on: connection, logger: logger),
                internetUsers: try await ReachStore.internetUsers(year: year, on: connection, logger: logger),
                target: try await ReachStore.target(year: year, on: connection, logger: logger)
            )
        }
        return .ok(.init(body: .json(.init(
            asOf: report.asOf, year: report.year, methodologyVersion: ReachReport.methodologyVersion,
            reached: report.people[.reached] ?? nil, learned: report.people[.learned] ?? nil,
            completedCourse: report.people[.completedCourse] ?? nil, certified: report.people[.certified] ?? nil,
            internetUsers: report.internetUsers?.users, internetUsersSource: report.internetUsers?.source,
            internetUsersStatus: report.internetUsers?.status, target: report.target, rate: report.rate, gap: report.gap,
            suppressed: report.suppressed
        ))))
    }
}
