import APIContract
import Domain
import Foundation
import Logging
import OpenAPIRuntime
import Persistence

extension APIHandlers {
    func getReach(_ input: Operations.GetReach.Input) async throws -> Operations.GetReach.Output {
        let today = VietnamCalendar.day(of: clock.now())
        let thisYear = VietnamCalendar.year(of: clock.now())
        var errors: [FieldError] = []
        var day = today
        switch (input.query.year, input.query.asOf) {
        case (let year?, nil):
            if year < 2020 {
                errors.append(FieldError(pointer: "/query/year", message: .beforeReachFigures))
            } else if year > thisYear {
                errors.append(FieldError(pointer: "/query/year", message: LocalizedText(vi: "Năm chưa tới.", en: "That year has not come yet.")))
            } else {
                day = year == thisYear ? today : String(format: "%04d-12-31", year)
            }
        case (nil, let asOf?):
            day = StatisticsQuery.day(asOf, pointer: "/query/asOf", today: today, errors: &errors) ?? today
        case (_?, _?):
            errors.append(FieldError(pointer: "/query/asOf", message: LocalizedText(vi: "Chỉ nhập year hoặc asOf.", en: "Give year or asOf, not both.")))
        case (nil, nil):
            break
        }
        let dimensions = StatisticsQuery.dimensions(input.query.groupBy, errors: &errors)
        guard errors.isEmpty else { throw Problem(.validation, errors: errors) }
        let exact = input.query.exact ?? false
        if exact {
            let caller = try principal()
            guard caller.roles.contains("admin") else {
                throw Problem(.forbidden, detail: LocalizedText(
                    vi: "Chỉ quản trị viên mới được xem số liệu chính xác.", en: "Only administrators may see exact figures."
                ))
            }
            logger.notice("exact reach figures read", metadata: [
                "actor": "\(caller.learnerID)", "asOf": "\(day)", "groupBy": "\(dimensions.map(\.rawValue).joined(separator: ","))",
            ])
        }
        let groupedDay = ReachDimension.monthEnd(onOrBefore: day)
        let (reach, cells, provinceUsers) = try await database.withConnection { connection in
            (
                try await ReachDay.load(day, exact: exact, on: connection, logger: logger),
                dimensions.isEmpty ? [] : try await ReachStore.breakdown(dimensions, upTo: groupedDay, on: connection, logger: logger),
                dimensions == [.province]
                    ? try await ReachStore.provinceInternetUsers(year: Int(groupedDay.prefix(4))!, on: connection, logger: logger) : [:]
            )
        }
        let (report, devices, outside, projection) = (reach.report, reach.devices, reach.outside, reach.projection)
        let breakdown = dimensions.isEmpty ? nil : Self.breakdown(cells, dimensions: dimensions, asOf: groupedDay, provinceUsers: provinceUsers, exact: exact)
        let figures = Components.Schemas.ReachFigures(
            asOf: report.asOf, year: report.year, methodologyVersion: ReachReport.methodologyVersion,
            reached: report.people[.reached] ?? nil, learned: report.people[.learned] ?? nil,
            completedCourse: report.people[.completedCourse] ?? nil, certified: report.people[.certified] ?? nil,
            internetUsers: report.internetUsers?.users, internetUsersSource: report.internetUsers?.source,
            internetUsersStatus: report.internetUsers?.status, target: report.target, rate: report.rate, gap: report.gap,
            suppressed: report.suppressed || (!exact && ReachReport.isSmall(devices)),
            devices: ReachReport.isSmall(devices) && !exact ? nil : devices,
            outsideReports: .init(reports: outside.reports, people: outside.people, upperBound: true),
            projection: projection.map {
                .init(
                    method: ReachProjection.method, windowDays: ReachProjection.windowDays, pacePerDay: $0.pacePerDay,
                    met: $0.met, expectedOn: $0.expectedOn, onTrack: $0.onTrack
                )
            },
            breakdown: breakdown
        )
        if input.headers.accept.sortedByQuality().first?.contentType == .csv {
            return .ok(.init(body: .csv(HTTPBody(Self.csv(figures).text))))
        }
        return .ok(.init(body: .json(figures)))
    }

    /// The breakdown when there is one, else the national figures, as one table; withheld counts
    /// read `<10`, figures that do not exist are empty.
    static func csv(_ figures: Components.Schemas.ReachFigures) -> CSVTable {
        let text = { (value: Int?) in value.map(String.init) }
        if let breakdown = figures.breakdown {
            // Provinces alone also carry their own internet users and rate.
            let byProvince = breakdown.groupBy == [.province]
            return CSVTable(
                header: breakdown.groupBy.map(\.rawValue) + ["reached", "learned", "completedCourse", "certified", "asOf"]
                    + (byProvince ? ["internetUsers", "rate"] : []),
                rows: breakdown.rows.map { row in
                    row.values.map(Optional.some)
                        + [withheld(row.reached), withheld(row.learned), withheld(row.completedCourse), withheld(row.certified), breakdown.asOf]
                        + (byProvince ? [text(row.internetUsers), row.rate.map { "\($0)" }] : [])
                }
            )
        }
        return CSVTable(
            header: [
                "asOf", "year", "methodologyVersion", "reached", "learned", "completedCourse", "certified", "internetUsers",
                "internetUsersSource", "target", "rate", "gap", "devices", "outsideReports", "outsideReportsPeople",
            ],
            rows: [[
                figures.asOf, String(figures.year), figures.methodologyVersion, withheld(figures.reached), withheld(figures.learned),
                withheld(figures.completedCourse), withheld(figures.certified), text(figures.internetUsers), figures.internetUsersSource,
                figures.target.map { "\($0)" }, figures.rate.map { "\($0)" }, text(figures.gap), withheld(figures.devices),
                text(figures.outsideReports?.reports), text(figures.outsideReports?.people),
            ]]
        )
    }

    /// Every combination of the values seen, each level's table suppressed on its own.
    /// With `provinceUsers` (province alone), rows also carry the province's internet users and rate.
    static func breakdown(
        _ cells: [(level: ReachLevel, values: [String], people: Int)], dimensions: [ReachDimension], asOf: String,
        provinceUsers: [String: Int] = [:], exact: Bool = false
    ) -> Components.Schemas.ReachBreakdown {
        let firstValues = Array(Set(cells.map { $0.values[0] })).sorted()
        let secondValues = dimensions.count == 2 ? Array(Set(cells.map { $0.values[1] })).sorted() : [""]
        var shown: [ReachLevel: [[Int?]]] = [:]
        for level in ReachLevel.allCases {
            var people: [String: Int] = [:]
            for cell in cells where cell.level == level { people[cell.values.joined(separator: "\u{1F}")] = cell.people }
            let table = firstValues.map { first in
                secondValues.map { second in people[dimensions.count == 2 ? first + "\u{1F}" + second : first] ?? 0 }
            }
            // One dimension is one line: its total is the national figure.
            let suppressed = dimensions.count == 2 ? Suppression.apply(table) : Suppression.apply([table.map { $0[0] }]).first.map { $0.map { [$0] } }
            // Exact figures (administrators) still keep the sensitive groups suppressed, always.
            shown[level] = !exact ? suppressed : firstValues.indices.map { r in
                secondValues.indices.map { c in
                    let sensitive = dimensions.firstIndex(of: .group).map { [firstValues[r], secondValues[c]][$0] }
                        .flatMap(LearnerGroup.init(rawValue:))?.requiredConsent != nil
                    return sensitive ? suppressed?[r][c] ?? nil : table[r][c]
                }
            }
        }
        var rows: [Components.Schemas.ReachBreakdownRow] = []
        for (r, first) in firstValues.enumerated() {
            for (c, second) in secondValues.enumerated() {
                let value = { (level: ReachLevel) in shown[level]?[r][c] ?? nil }
                let levels = ReachLevel.allCases.map(value)
                let users = dimensions == [.province] ? provinceUsers[first] : nil
                rows.append(.init(
                    values: dimensions.count == 2 ? [first, second] : [first],
                    reached: value(.reached), learned: value(.learned), completedCourse: value(.completedCourse), certified: value(.certified),
                    internetUsers: users, rate: users.flatMap { users in value(.reached).map { Double($0) / Double(users) } },
                    suppressed: levels.contains { $0 == nil }
                ))
            }
        }
        return .init(asOf: asOf, groupBy: dimensions.compactMap { .init(rawValue: $0.rawValue) }, rows: rows)
    }
}
