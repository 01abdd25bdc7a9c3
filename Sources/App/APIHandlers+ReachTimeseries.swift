import APIContract
import Domain
import Foundation
import OpenAPIRuntime
import Persistence
import Services

extension APIHandlers {
    func getReachTimeseries(_ input: Operations.GetReachTimeseries.Input) async throws -> Operations.GetReachTimeseries.Output {
        let today = services.reach.today
        var errors: [FieldError] = []
        let to = input.query.to.map { StatisticsQuery.day($0, pointer: "/query/to", today: today, errors: &errors) } ?? today
        let from =
            input.query.from.map { StatisticsQuery.day($0, pointer: "/query/from", today: today, errors: &errors) }
            ?? to.map { VietnamDay.firstDay(of: $0.year) }
        let dimensions = StatisticsQuery.dimensions(input.query.groupBy, errors: &errors)
        if let from, let to {
            if from > to {
                errors.append(
                    FieldError(pointer: "/query/from", message: LocalizedText(vi: "from phải trước hoặc bằng to.", en: "from must not be after to."))
                )
            } else if from.plus(days: ReachSeries.longestSeries - 1) < to {
                errors.append(
                    FieldError(
                        pointer: "/query/from",
                        message: LocalizedText(
                            vi: "Một chuỗi dài tối đa \(ReachSeries.longestSeries) ngày.",
                            en: "A series spans at most \(ReachSeries.longestSeries) days."
                        )
                    )
                )
            }
        }
        guard errors.isEmpty, let from, let to else { throw Problem(.validation, errors: errors) }
        let (points, breakdowns, source) = try await services.reach.series(from: from, through: to, by: dimensions)
        let series = Components.Schemas.ReachTimeseries(
            source: source.schema,
            exactAsOf: source.exactAsOf,
            from: from.text,
            to: to.text,
            methodologyVersion: ReachReport.methodologyVersion,
            points: points.map { report in
                .init(
                    day: report.asOf,
                    reached: report.people[.reached] ?? nil,
                    learned: report.people[.learned] ?? nil,
                    completedCourse: report.people[.completedCourse] ?? nil,
                    certified: report.people[.certified] ?? nil,
                    internetUsers: report.internetUsers?.users,
                    target: report.target,
                    carriedForward: report.carriedForward,
                    rate: report.rate,
                    suppressed: report.suppressed
                )
            },
            breakdowns: breakdowns?.map(Components.Schemas.ReachBreakdown.init)
        )
        let headers = Operations.GetReachTimeseries.Output.Ok.Headers(statisticsSource: source.schema, statisticsExactAsOf: source.exactAsOf)
        if input.headers.accept.sortedByQuality().first?.contentType == .csv {
            return .ok(.init(headers: headers, body: .csv(HTTPBody(Self.csv(series).text))))
        }
        return .ok(.init(headers: headers, body: .json(series)))
    }

    /// The month-end breakdowns when there are any, else the daily points.
    static func csv(_ series: Components.Schemas.ReachTimeseries) -> CSVTable {
        if let breakdowns = series.breakdowns, let first = breakdowns.first {
            return CSVTable(
                header: ["asOf"] + first.groupBy.map(\.rawValue) + ["reached", "learned", "completedCourse", "certified"],
                rows: breakdowns.flatMap { breakdown in
                    breakdown.rows.map { row in
                        [breakdown.asOf] + row.values.map(Optional.some)
                            + [withheld(row.reached), withheld(row.learned), withheld(row.completedCourse), withheld(row.certified)]
                    }
                }
            )
        }
        return CSVTable(
            header: ["day", "reached", "learned", "completedCourse", "certified", "internetUsers", "target", "rate", "carriedForward"],
            rows: series.points.map { point in
                [
                    point.day, withheld(point.reached), withheld(point.learned), withheld(point.completedCourse), withheld(point.certified),
                    point.internetUsers.map(String.init), point.target.map { "\($0)" }, point.rate.map { "\($0)" },
                    point.carriedForward.map { "\($0)" },
                ]
            }
        )
    }

    /// A count as a CSV cell: withheld counts (1 to 9 people) read `<10`.
    static func withheld(_ count: Int?) -> String {
        count.map(String.init) ?? "<10"
    }
}
