import Domain
import Foundation
import Logging
import Persistence
import PostgresNIO

/// Reach statistics as published: the national figures, breakdowns, series, the funnel and
/// question statistics, read the same way by the statistics API, its CSV and the dashboard.
public struct ReachFigures: Sendable {
    let context: ServiceContext

    public init(context: ServiceContext) {
        self.context = context
    }

    /// Every read here goes through the statistics source (the replica when configured); the
    /// audit row of an exact read is written on the primary.
    var statistics: StatisticsSource { context.statistics }
    var logger: Logger { context.logger }

    /// The national figures for one Vietnam day: people per level against that year's internet
    /// users and target, the projection, and the device series and outside reports shown beside
    /// them (never added to people).
    public struct Day: Sendable {
        public var report: ReachReport
        public var projection: ReachProjection?
        public var devices: Int
        public var outside: (reports: Int, people: Int)
    }

    /// Today in Vietnam, by the service's clock.
    public var today: VietnamDay { VietnamDay(of: context.clock.now()) }

    /// The figures for `day`, broken down by `dimensions` at the month end on or before it. Exact
    /// figures (`exact`, counts from 1 to 9 shown) are for administrators only, and audit-logged:
    /// the `admin_audit` row is written on the primary before anything is read.
    public func reach(
        on day: VietnamDay,
        by dimensions: [ReachDimension],
        exact: Bool,
        caller: Principal
    ) async throws -> (day: Day, breakdown: ReachBreakdown?, source: StatisticsSource.Provenance) {
        if exact {
            guard caller.has(.admin) else {
                throw Refusal(
                    .forbidden,
                    detail: LocalizedText(vi: "Chỉ quản trị viên mới được xem số liệu chính xác.", en: "Only administrators may see exact figures.")
                )
            }
            logger.notice(
                "exact reach figures read",
                metadata: ["actor": "\(caller.learnerID)", "asOf": "\(day)", "groupBy": "\(dimensions.map(\.rawValue).joined(separator: ","))"]
            )
            let details = ["asOf": day.text, "groupBy": dimensions.map(\.rawValue).joined(separator: ",")]
            try await context.database.withConnection { connection in
                try await StatisticsStore.recordExactRead(
                    actorID: caller.learnerID,
                    details: details,
                    now: context.clock.now(),
                    on: connection,
                    logger: logger
                )
            }
        }
        let grouped = day.monthEndOnOrBefore
        let read = try await statistics.withConnection { connection in
            (
                try await Self.day(day, exact: exact, on: connection, logger: logger),
                dimensions.isEmpty ? [] : try await ReachStore.breakdown(dimensions, upTo: grouped, on: connection, logger: logger),
                dimensions == [.province] ? try await ReachStore.provinceInternetUsers(year: grouped.year, on: connection, logger: logger) : [:]
            )
        }
        let (national, cells, provinceUsers) = read.value
        let breakdown =
            dimensions.isEmpty ? nil : ReachBreakdown(cells, dimensions: dimensions, asOf: grouped, provinceUsers: provinceUsers, exact: exact)
        return (national, breakdown, read.source)
    }

    static func day(_ day: VietnamDay, exact: Bool = false, on connection: PostgresConnection, logger: Logger) async throws -> Day {
        let report = ReachReport(
            asOf: day.text,
            year: day.year,
            counts: try await ReachStore.counts(upTo: day, on: connection, logger: logger),
            figures: try await ReachStore.yearFigures(through: day.year, on: connection, logger: logger),
            exact: exact
        )
        // No gap, no projection: skip reading the window's start.
        let projection =
            report.gap == nil
            ? nil
            : ReachProjection(
                asOf: day.text,
                year: day.year,
                reached: report.people[.reached].flatMap { $0 } ?? 0,
                reachedAtWindowStart: try await ReachStore.counts(
                    upTo: day.plus(days: -ReachProjection.windowDays),
                    on: connection,
                    logger: logger
                )[.reached] ?? 0,
                gap: report.gap
            )
        return Day(
            report: report,
            projection: projection,
            devices: try await ReachStore.devices(upTo: day, on: connection, logger: logger),
            outside: try await ReachStore.outsideReports(upTo: day, on: connection, logger: logger)
        )
    }

    /// National figures day by day from `from` through `through`, and with `dimensions` the
    /// breakdown at every month end in between.
    public func series(
        from: VietnamDay,
        through: VietnamDay,
        by dimensions: [ReachDimension]
    ) async throws -> (points: [ReachReport], breakdowns: [ReachBreakdown]?, source: StatisticsSource.Provenance) {
        let monthEnds = VietnamDay.monthEnds(from: from, through: through)
        let read = try await statistics.withConnection { connection in
            (
                try await ReachStore.counts(upTo: from.plus(days: -1), on: connection, logger: logger),
                try await ReachStore.dailyIncrements(from: from.text, through: through.text, on: connection, logger: logger),
                try await ReachStore.yearFigures(through: through.year, on: connection, logger: logger),
                dimensions.isEmpty || monthEnds.isEmpty
                    ? [] : try await ReachStore.monthlyBreakdown(dimensions, through: monthEnds.last!.text, on: connection, logger: logger)
            )
        }
        let (start, increments, figures, monthly) = read.value
        let points = ReachSeries.points(
            from: from,
            through: through,
            start: start,
            increments: increments.compactMap { row in VietnamDay(row.day).map { ($0, row.level, row.people) } },
            figures: figures
        )
        guard !dimensions.isEmpty else { return (points, nil, read.source) }
        let cells = monthly.compactMap { row in VietnamDay(row.monthEnd).map { ($0, row.level, row.values, row.people) } }
        return (points, ReachBreakdown.series(cells, dimensions: dimensions, monthEnds: monthEnds), read.source)
    }

    /// Per course, the funnel as of the end of `day`.
    public func funnel(on day: VietnamDay) async throws -> Sourced<[FunnelCounts]> {
        try await statistics.withConnection { connection in
            try await StatisticsStore.funnel(upTo: day.text, on: connection, logger: logger)
        }
    }

    /// Per question version shown in a closed attempt (optionally of one course or quiz).
    public func items(courseID: String?, quizID: String?) async throws -> Sourced<[ItemSums]> {
        try await statistics.withConnection { connection in
            try await StatisticsStore.itemSums(courseID: courseID, quizID: quizID, on: connection, logger: logger)
        }
    }

    /// What the dashboard shows, from the same stores and rules as the statistics API.
    public struct Dashboard: Sendable {
        /// Today, or the last day of the year the reader picked.
        public var asOf: VietnamDay
        /// The years since the first with figures, latest first, for the reader to pick from.
        public var years: [Int]
        public var national: Day
        /// The national rate at every month end since the first person was reached.
        public var monthEndRates: [(day: VietnamDay, rate: Double?, target: Double?)]
        public var provinces: ReachBreakdown
        public var provinceNames: [String: String]
        public var funnel: [(counts: FunnelCounts, title: LocalizedText?)]
    }

    /// The figures as of today, or as of `asOf` (a past year's last day: 2025, the indicator's
    /// last target year, has a final figure of its own), with where they were read.
    public func dashboard(asOf: VietnamDay? = nil) async throws -> Sourced<Dashboard> {
        let today = asOf ?? self.today
        let lastMonthEnd = today.monthEndOnOrBefore
        return try await statistics.withConnection { connection in
            let years = try await ReachStore.yearFigures(through: today.year, on: connection, logger: logger)
            let firstYear = ([self.today.year] + years.internetUsers.keys + years.targets.keys).min()!
            let monthly = try await ReachStore.monthlyBreakdown([.sex], through: lastMonthEnd.text, on: connection, logger: logger)
            let provinceUsers = try await ReachStore.provinceInternetUsers(year: lastMonthEnd.year, on: connection, logger: logger)
            let provinceCells = try await ReachStore.breakdown([.province], upTo: lastMonthEnd, on: connection, logger: logger)
            var names: [String: String] = [:]
            if case .provinces(let rows) = try await ReferenceStore.rows(.provinces, on: connection, logger: logger) {
                names = Dictionary(rows.map { ($0.code, $0.name) }, uniquingKeysWith: { first, _ in first })
            }
            let manifests = try await ContentStore.liveManifests(on: connection, logger: logger)
            let funnel = try await StatisticsStore.funnel(upTo: today.text, on: connection, logger: logger).map { counts in
                (counts: counts, title: manifests[counts.courseID]?.pack.title)
            }
            // The `sex` cut holds everyone once, so each month's people add up to the month's new reach.
            let reachedByMonth = monthly.filter { $0.level == .reached }.compactMap { row in VietnamDay(row.monthEnd).map { ($0, row.people) } }
            return Dashboard(
                asOf: today,
                years: Array((firstYear...self.today.year).reversed()),
                national: try await Self.day(today, on: connection, logger: logger),
                monthEndRates: ReachSeries.monthEndRates(reachedByMonth, figures: years),
                provinces: ReachBreakdown(provinceCells, dimensions: [.province], asOf: lastMonthEnd, provinceUsers: provinceUsers),
                provinceNames: names,
                funnel: funnel
            )
        }
    }
}
