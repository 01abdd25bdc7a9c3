import Foundation

/// People reached by one or two dimensions as of a month end, as published: every combination
/// of the values seen, each level's table suppressed on its own (DESIGN.md, "Suppression").
public struct ReachBreakdown: Sendable, Equatable {
    /// One rolled-up count: the people at `level` whose dimensions had `values` (one per dimension).
    public typealias Cell = (level: ReachLevel, values: [String], people: Int)

    public struct Row: Sendable, Equatable {
        public var values: [String]
        /// People per level; nil where withheld.
        public var people: [ReachLevel: Int?]
        /// For provinces alone: the province's own internet users and reach rate, where loaded.
        public var internetUsers: Int?
        /// The year of `internetUsers`: before `asOf`'s year when carried forward.
        public var internetUsersYear: Int?
        public var rate: Double?
        public var suppressed: Bool

        public func count(_ level: ReachLevel) -> Int? { people[level] ?? nil }
    }

    public var asOf: VietnamDay
    public var dimensions: [ReachDimension]
    public var rows: [Row]

    /// Tabulates `cells`. With `provinceUsers` (province alone), rows also carry the province's
    /// internet users (the latest loaded up to `asOf`'s year, with their year) and rate; a province
    /// without a figure of its own has none, never an estimate. `exact` (administrators who asked) shows small counts, except in
    /// the sensitive groups, which stay suppressed always.
    public init(
        _ cells: [Cell],
        dimensions: [ReachDimension],
        asOf: VietnamDay,
        provinceUsers: [String: (year: Int, users: Int)] = [:],
        exact: Bool = false
    ) {
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
            let suppressed =
                dimensions.count == 2 ? Suppression.apply(table) : Suppression.apply([table.map { $0[0] }]).first.map { $0.map { [$0] } }
            shown[level] =
                !exact
                ? suppressed
                : firstValues.indices.map { r in
                    secondValues.indices.map { c in
                        let sensitive =
                            dimensions.firstIndex(of: .group).map { [firstValues[r], secondValues[c]][$0] }
                            .flatMap(LearnerGroup.init(rawValue:))?.requiredConsent != nil
                        return sensitive ? suppressed?[r][c] ?? nil : table[r][c]
                    }
                }
        }
        var rows: [Row] = []
        for (r, first) in firstValues.enumerated() {
            for (c, second) in secondValues.enumerated() {
                var people: [ReachLevel: Int?] = [:]
                for level in ReachLevel.allCases { people[level] = .some(shown[level]?[r][c] ?? nil) }
                let users = dimensions == [.province] ? provinceUsers[first] : nil
                let reached = people[.reached] ?? nil
                rows.append(
                    Row(
                        values: dimensions.count == 2 ? [first, second] : [first],
                        people: people,
                        internetUsers: users?.users,
                        internetUsersYear: users?.year,
                        rate: users.flatMap { users in reached.map { Double($0) / Double(users.users) } },
                        suppressed: people.values.contains { $0 == nil }
                    )
                )
            }
        }
        self.asOf = asOf
        self.dimensions = dimensions
        self.rows = rows
    }

    /// The breakdown at every month end in `monthEnds`, from monthly cells (each month's new
    /// people): each month end's cells are the sum of every month up to it.
    public static func series(
        _ monthly: [(monthEnd: VietnamDay, level: ReachLevel, values: [String], people: Int)],
        dimensions: [ReachDimension],
        monthEnds: [VietnamDay]
    ) -> [ReachBreakdown] {
        var cumulative: [String: Cell] = [:]
        var row = monthly.startIndex
        return monthEnds.map { monthEnd in
            while row < monthly.endIndex, monthly[row].monthEnd <= monthEnd {
                let cell = monthly[row]
                let key = cell.level.rawValue + "\u{1F}" + cell.values.joined(separator: "\u{1F}")
                cumulative[key, default: (cell.level, cell.values, 0)].people += cell.people
                row += 1
            }
            return ReachBreakdown(Array(cumulative.values), dimensions: dimensions, asOf: monthEnd)
        }
    }
}

/// National reach day by day, as published: each day's report from the counts at the start and
/// the people first reached on each day.
public enum ReachSeries {
    // `increments` are sorted by day and within the series (as `ReachStore.dailyIncrements`
    // returns them): they are read once, in step with the days.
    /// Days a series may span: ten years of daily points is about 3,660.
    public static let longestSeries = 3_660

    public static func points(
        from: VietnamDay,
        through: VietnamDay,
        start: [ReachLevel: Int],
        increments: [(day: VietnamDay, level: ReachLevel, people: Int)],
        figures: YearFigures
    ) -> [ReachReport] {
        var counts = start
        var points: [ReachReport] = []
        var next = increments.startIndex
        var day = from
        while day <= through {
            while next < increments.endIndex, increments[next].day == day {
                counts[increments[next].level, default: 0] += increments[next].people
                next += 1
            }
            points.append(
                ReachReport(asOf: day.text, year: day.year, counts: counts, figures: figures)
            )
            day = day.plus(days: 1)
        }
        return points
    }
}

extension ReachSeries {
    /// The national rate at every month end with people first reached in it: each month's new
    /// people added up, over that year's internet users, against that year's target (or the
    /// latest earlier ones, as `YearFigures` carries them forward).
    public static func monthEndRates(
        _ reachedByMonth: [(monthEnd: VietnamDay, people: Int)],
        figures: YearFigures
    ) -> [(day: VietnamDay, rate: Double?, target: Double?)] {
        var reached = 0
        var points: [(day: VietnamDay, rate: Double?, target: Double?)] = []
        let months = Dictionary(grouping: reachedByMonth, by: \.monthEnd)
        for monthEnd in months.keys.sorted() {
            reached += months[monthEnd]!.map(\.people).reduce(0, +)
            let report = ReachReport(
                asOf: monthEnd.text,
                year: monthEnd.year,
                counts: [.reached: reached],
                figures: figures
            )
            points.append((monthEnd, report.rate, report.target))
        }
        return points
    }
}
