import Domain
import Foundation
import Logging
import Persistence
import PostgresNIO

/// The national figures for one Vietnam day, read the same way for the statistics API and the
/// dashboard: people per level against that year's internet users and target, the projection,
/// and the device series and outside reports shown beside them.
struct ReachDay {
    var report: ReachReport
    var projection: ReachProjection?
    var devices: Int
    var outside: (reports: Int, people: Int)

    /// `exact` (administrators who asked) shows counts from 1 to 9 too.
    static func load(_ day: String, exact: Bool = false, on connection: PostgresConnection, logger: Logger) async throws -> ReachDay {
        let year = Int(day.prefix(4))!
        let figures = try await ReachStore.yearFigures(year...year, on: connection, logger: logger)
        let report = ReachReport(
            asOf: day, year: year,
            counts: try await ReachStore.counts(upTo: day, on: connection, logger: logger),
            internetUsers: figures.internetUsers[year], target: figures.targets[year], exact: exact
        )
        // No gap, no projection: skip reading the window's start.
        let projection = report.gap == nil ? nil : ReachProjection(
            asOf: day, year: year, reached: report.people[.reached].flatMap { $0 } ?? 0,
            reachedAtWindowStart: try await ReachStore.counts(
                upTo: VietnamCalendar.day(day, plus: -ReachProjection.windowDays), on: connection, logger: logger
            )[.reached] ?? 0,
            gap: report.gap
        )
        return ReachDay(
            report: report, projection: projection,
            devices: try await ReachStore.devices(upTo: day, on: connection, logger: logger),
            outside: try await ReachStore.outsideReports(year: year, upTo: day, on: connection, logger: logger)
        )
    }
}
