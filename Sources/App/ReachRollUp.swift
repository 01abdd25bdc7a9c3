import Domain
import Foundation
import Logging
import Persistence

/// Rolls reach up to the last whole month, so breakdowns read a few thousand cells instead of
/// every person. A month counts as whole two Vietnam days after its end, so an action committed
/// just after midnight is never left out of a rolled month. Reads are exact before the first
/// roll-up too, only slower, so it waits one interval after start.
public enum ReachRollUp {
    static func service(database: Database, clock: WallClock, interval: Duration) -> PeriodicService {
        PeriodicService(interval: interval, runAtStart: false) {
            do {
                try await run(database: database, now: clock.now(), rebuild: false)
            } catch {
                database.logger.warning("reach roll-up failed", metadata: ["error": "\(String(reflecting: error))"])
            }
        }
    }

    /// The last whole month end as of `now`.
    static func monthEnd(now: Date) -> String {
        ReachDimension.monthEnd(onOrBefore: VietnamCalendar.day(VietnamCalendar.day(of: now), plus: -2))
    }

    static func run(database: Database, now: Date, rebuild: Bool) async throws {
        try await database.withTransaction { connection in
            try await ReachStore.rollUp(through: monthEnd(now: now), rebuild: rebuild, on: connection, logger: database.logger)
        }
    }

    /// For `safeskills reach roll-up`: rolls up now, or rebuilds after past inputs changed.
    public static func run(_ settings: Settings, rebuild: Bool, logger: Logger) async throws -> String {
        try await SafeSkills.withDatabase(settings, logger: logger) { database in
            try await run(database: database, now: Date(), rebuild: rebuild)
            return monthEnd(now: Date())
        }
    }

    /// Writes first-reach rows missing for recorded activity, then rebuilds the roll-ups if any
    /// were missing (past months changed), all in one transaction; says how many per level.
    static func backfill(database: Database, now: Date) async throws -> [ReachLevel: Int] {
        try await database.withTransaction { connection in
            let written = try await ReachStore.backfill(on: connection, logger: database.logger)
            if !written.isEmpty {
                database.logger.warning("first-reach rows were missing and are now written", metadata: ["rows": "\(written)"])
                try await ReachStore.rollUp(through: monthEnd(now: now), rebuild: true, on: connection, logger: database.logger)
            }
            return written
        }
    }

    /// For `safeskills reach backfill`.
    public static func backfill(_ settings: Settings, logger: Logger) async throws -> [ReachLevel: Int] {
        try await SafeSkills.withDatabase(settings, logger: logger) { database in
            try await backfill(database: database, now: Date())
        }
    }
}
