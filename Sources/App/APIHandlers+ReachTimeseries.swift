import APIContract
import Domain
import Foundation
import OpenAPIRuntime
import Persistence

extension APIHandlers {
    /// Days a series may span: ten years of daily points is about 3,660.
    static let longestSeries = 3_660

    func getReachTimeseries(_ input: Operations.GetReachTimeseries.Input) async throws -> Operations.GetReachTimeseries.Output {
        let today = VietnamCalendar.day(of: clock.now())
        var errors: [FieldError] = []
        let to = input.query.to.map { StatisticsQuery.day($0, pointer: "/query/to", today: today, errors: &errors) } ?? today
        let from = input.query.from.map { StatisticsQuery.day($0, pointer: "/query/from", today: today, errors: &errors) }
            ?? to.map { String($0.prefix(4)) + "-01-01" }
        let dimensions = StatisticsQuery.dimensions(input.query.groupBy, errors: &errors)
        if let from, let to {
            if from > to {
                errors.append(FieldError(pointer: "/query/from", message: LocalizedText(vi: "from phải trước hoặc bằng to.", en: "from must not be after to.")))
            } else if VietnamCalendar.day(from, plus: Self.longestSeries - 1) < to {
                errors.append(FieldError(pointer: "/query/from", message: LocalizedText(
                    vi: "Một chuỗi dài tối đa \(Self.longestSeries) ngày.", en: "A series spans at most \(Self.longestSeries) days."
                )))
            }
        }
        guard errors.isEmpty, let from, let to else { throw Problem(.validation, errors: errors) }

        let monthEnds = Self.monthEnds(from: from, through: to)
        let years = Int(from.prefix(4))!...Int(to.prefix(4))!
        let (start, increments, figures, monthly) = try await database.withConnection { connection in
            (
                try await ReachStore.counts(upTo: VietnamCalendar.day(from, plus: -1), on: connection, logger: logger),
                try await ReachStore.dailyIncrements(from: from, through: to, on: connection, logger: logger),
                try await ReachStore.yearFigures(years, on: connection, logger: logger),
                dimensions.isEmpty || monthEnds.isEmpty
                    ? [] : try await ReachStore.monthlyBreakdown(dimensions, through: monthEnds.last!, on: connection, logger: logger)
            )
        }

        var counts = start
        var points: [Components.Schemas.ReachPoint] = []
        var next = increments.startIndex
        var day = from
        while day <= to {
            while next < increments.endIndex, increments[next].day == day {
                counts[increments[next].level, default: 0] += increments[next].people
                next += 1
            }
            let year = Int(day.prefix(4))!
            let report = ReachReport(asOf: day, year: year, counts: counts, internetUsers: figures.internetUsers[year], target: figures.targets[year])
            points.append(.init(
                day: day, reached: report.people[.reached] ?? nil, learned: report.people[.learned] ?? nil,
                completedCourse: report.people[.completedCourse] ?? nil, certified: report.people[.certified] ?? nil,
                internetUsers: report.internetUsers?.users, target: report.target, rate: report.rate, suppressed: report.suppressed
            ))
            day = VietnamCalendar.day(day, plus: 1)
        }

        var breakdowns: [Components.Schemas.ReachBreakdown]?
        if !dimensions.isEmpty {
            // Each month end's cells are the sum of every month up to it.
            var cumulative: [String: (level: ReachLevel, values: [String], people: Int)] = [:]
            var row = monthly.startIndex
            breakdowns = monthEnds.map { monthEnd in
                while row < monthly.endIndex, monthly[row].monthEnd <= monthEnd {
                    let cell = monthly[row]
                    let key = cell.level.rawValue + "\u{1F}" + cell.values.joined(separator: "\u{1F}")
                    cumulative[key, default: (cell.level, cell.values, 0)].people += cell.people
                    row += 1
                }
                return Self.breakdown(Array(cumulative.values), dimensions: dimensions, asOf: monthEnd)
            }
        }
        let series = Components.Schemas.ReachTimeseries(
            from: from, to: to, methodologyVersion: ReachReport.methodologyVersion, points: points, breakdowns: breakdowns
        )
        if input.headers.accept.sortedByQuality().first?.contentType == .csv {
            return .ok(.init(body: .csv(HTTPBody(Self.csv(series).text))))
        }
        return .ok(.init(body: .json(series)))
    }

    /// Every month end from `from` through `through`, oldest first.
    static func monthEnds(from: String, through: String) -> [String] {
        var ends: [String] = []
        var end = ReachDimension.monthEnd(onOrBefore: through)
        while end >= from {
            ends.append(end)
            end = ReachDimension.monthEnd(onOrBefore: VietnamCalendar.day(end, plus: -1))
        }
        return ends.reversed()
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
            header: ["day", "reached", "learned", "completedCourse", "certified", "internetUsers", "target", "rate"],
            rows: series.points.map { point in
                [
                    point.day, withheld(point.reached), withheld(point.learned), withheld(point.completedCourse), withheld(point.certified),
                    point.internetUsers.map(String.init), point.target.map { "\($0)" }, point.rate.map { "\($0)" },
                ]
            }
        )
    }

    /// A count as a CSV cell: withheld counts (1 to 9 people) read `<10`.
    static func withheld(_ count: Int?) -> String {
        count.map(String.init) ?? "<10"
    }
}
