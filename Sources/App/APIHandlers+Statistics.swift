import APIContract
import Domain
import Foundation
import Logging
import OpenAPIRuntime
import Persistence
import Services

extension APIHandlers {
    func getReach(_ input: Operations.GetReach.Input) async throws -> Operations.GetReach.Output {
        let today = services.reach.today
        var errors: [FieldError] = []
        var day = today
        switch (input.query.year, input.query.asOf) {
        case (let year?, nil):
            day = StatisticsQuery.day(ofYear: year, pointer: "/query/year", today: today, errors: &errors) ?? today
        case (nil, let asOf?):
            day = StatisticsQuery.day(asOf, pointer: "/query/asOf", today: today, errors: &errors) ?? today
        case (_?, _?):
            errors.append(
                FieldError(pointer: "/query/asOf", message: LocalizedText(vi: "Chỉ nhập year hoặc asOf.", en: "Give year or asOf, not both."))
            )
        case (nil, nil):
            break
        }
        let dimensions = StatisticsQuery.dimensions(input.query.groupBy, errors: &errors)
        guard errors.isEmpty else { throw Problem(.validation, errors: errors) }
        let exact = input.query.exact ?? false
        let (reach, breakdown, source) = try await services.reach.reach(on: day, by: dimensions, exact: exact, caller: try principal())
        let (report, devices, outside, projection) = (reach.report, reach.devices, reach.outside, reach.projection)
        let figures = Components.Schemas.ReachFigures(
            source: source.schema,
            exactAsOf: source.exactAsOf,
            asOf: report.asOf,
            year: report.year,
            methodologyVersion: ReachReport.methodologyVersion,
            reached: report.people[.reached] ?? nil,
            learned: report.people[.learned] ?? nil,
            completedCourse: report.people[.completedCourse] ?? nil,
            certified: report.people[.certified] ?? nil,
            internetUsers: report.internetUsers?.users,
            internetUsersSource: report.internetUsers?.source,
            internetUsersStatus: report.internetUsers?.status,
            internetUsersYear: report.internetUsers?.year,
            target: report.target,
            targetYear: report.targetYear,
            carriedForward: report.carriedForward,
            rate: report.rate,
            gap: report.gap,
            suppressed: report.suppressed || (!exact && ReachReport.isSmall(devices)),
            devices: ReachReport.isSmall(devices) && !exact ? nil : devices,
            outsideReports: .init(reports: outside.reports, people: outside.people, upperBound: true),
            projection: projection.map {
                .init(
                    method: ReachProjection.method,
                    windowDays: ReachProjection.windowDays,
                    pacePerDay: $0.pacePerDay,
                    met: $0.met,
                    expectedOn: $0.expectedOn,
                    onTrack: $0.onTrack
                )
            },
            breakdown: breakdown.map(Components.Schemas.ReachBreakdown.init)
        )
        let headers = Operations.GetReach.Output.Ok.Headers(statisticsSource: source.schema, statisticsExactAsOf: source.exactAsOf)
        if input.headers.accept.sortedByQuality().first?.contentType == .csv {
            return .ok(.init(headers: headers, body: .csv(HTTPBody(Self.csv(figures).text))))
        }
        return .ok(.init(headers: headers, body: .json(figures)))
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
                    + (byProvince ? ["internetUsers", "internetUsersYear", "rate"] : []),
                rows: breakdown.rows.map { row in
                    row.values.map(Optional.some)
                        + [withheld(row.reached), withheld(row.learned), withheld(row.completedCourse), withheld(row.certified), breakdown.asOf]
                        + (byProvince ? [text(row.internetUsers), text(row.internetUsersYear), row.rate.map { "\($0)" }] : [])
                }
            )
        }
        return CSVTable(
            header: [
                "asOf", "year", "methodologyVersion", "reached", "learned", "completedCourse", "certified", "internetUsers",
                "internetUsersSource", "target", "rate", "gap", "devices", "outsideReports", "outsideReportsPeople", "internetUsersYear",
                "targetYear", "carriedForward",
            ],
            rows: [
                [
                    figures.asOf, String(figures.year), figures.methodologyVersion, withheld(figures.reached), withheld(figures.learned),
                    withheld(figures.completedCourse), withheld(figures.certified), text(figures.internetUsers), figures.internetUsersSource,
                    figures.target.map { "\($0)" }, figures.rate.map { "\($0)" }, text(figures.gap), withheld(figures.devices),
                    text(figures.outsideReports?.reports), text(figures.outsideReports?.people), text(figures.internetUsersYear),
                    text(figures.targetYear), figures.carriedForward.map { "\($0)" },
                ]
            ]
        )
    }
}

extension Components.Schemas.ReachBreakdown {
    init(_ breakdown: ReachBreakdown) {
        self.init(
            asOf: breakdown.asOf.text,
            groupBy: breakdown.dimensions.compactMap { .init(rawValue: $0.rawValue) },
            rows: breakdown.rows.map { row in
                .init(
                    values: row.values,
                    reached: row.count(.reached),
                    learned: row.count(.learned),
                    completedCourse: row.count(.completedCourse),
                    certified: row.count(.certified),
                    internetUsers: row.internetUsers,
                    internetUsersYear: row.internetUsersYear,
                    rate: row.rate,
                    suppressed: row.suppressed
                )
            }
        )
    }
}

extension StatisticsSource.Provenance {
    /// The contract's name for where statistics were read.
    var schema: Components.Schemas.StatisticsSource {
        switch kind {
        case .primary: .primary
        case .replica: .replica
        case .primaryFallback: .primaryFallback
        }
    }
}
