import Domain
import Foundation
import Logging
import Persistence

/// Background and operator work: reach roll-ups, backfill, purging old idempotency keys, and
/// whether this server is ready to serve.
public struct Maintenance: Sendable {
    let context: ServiceContext
    let migrations: MigrationRunner

    public init(context: ServiceContext, migrations: MigrationRunner) {
        self.context = context
        self.migrations = migrations
    }

    var database: Database { context.database }
    var logger: Logger { context.logger }

    /// Rolls reach up to the last whole month, then the last whole day, then the rows reached
    /// before the last hour that ended ten minutes ago (`RollUpHorizon`), so a read sums a few
    /// thousand cells and at most two hours' rows instead of every person; `rebuild` starts
    /// again after past months changed. Figures are exact either way. `day` replays the roll-up
    /// as that Vietnam day's last run leaves it (for benchmarks and for checking a past day's
    /// figures); returns the horizon rolled to.
    @discardableResult
    public func rollUp(rebuild: Bool, on day: VietnamDay? = nil) async throws -> RollUpHorizon {
        let horizon = day.map(RollUpHorizon.init(on:)) ?? RollUpHorizon(at: context.clock.now())
        try await database.withTransaction { connection in
            try await ReachStore.rollUp(to: horizon, rebuild: rebuild, on: connection, logger: logger)
        }
        return horizon
    }

    /// Writes first-reach rows missing for recorded activity, then rebuilds the roll-ups if any
    /// were missing (past months changed), all in one transaction; says how many per level.
    public func backfill() async throws -> [ReachLevel: Int] {
        let horizon = RollUpHorizon(at: context.clock.now())
        return try await database.withTransaction { connection in
            let written = try await ReachStore.backfill(on: connection, logger: logger)
            if !written.isEmpty {
                logger.warning("first-reach rows were missing and are now written", metadata: ["rows": "\(written)"])
                try await ReachStore.rollUp(to: horizon, rebuild: true, on: connection, logger: logger)
            }
            return written
        }
    }

    /// Deletes idempotency keys past their 24 hours. Expired keys are already reused as new when
    /// they come back; purging only keeps the table small.
    @discardableResult
    public func purgeIdempotencyKeys() async throws -> Int {
        try await IdempotencyStore.purge(now: context.clock.now(), in: database)
    }

    public enum Readiness: Sendable, Equatable {
        case ready
        /// The schema has pending or altered migrations: this build cannot serve it.
        case schemaMismatch
        /// The database did not answer within the readiness timeout.
        case databaseUnreachable
    }

    /// A load balancer must hear "not ready" quickly, not wait for a connection timeout.
    public static let readinessTimeout: Duration = .seconds(2)

    /// Whether the database answers within the readiness timeout with a current schema. Migrations
    /// of a newer build do not make a node unready: during a rolling upgrade the nodes still on
    /// this build must keep serving until their turn (they only expand the schema).
    public func readiness() async -> Readiness {
        do {
            let status = try await withTimeout(Self.readinessTimeout) { [database, migrations] in
                try await database.withConnection { connection in
                    try await migrations.status(on: connection, logger: database.logger)
                }
            }
            return status.isCurrent ? .ready : .schemaMismatch
        } catch let error as MigrationError {
            logger.error("not ready: schema does not match this build", metadata: ["error": "\(error)"])
            return .schemaMismatch
        } catch {
            logger.warning("not ready: database unreachable", metadata: ["error": "\(String(reflecting: error))"])
            return .databaseUnreachable
        }
    }
}

struct TimedOut: Error {}

/// Runs `work`, giving up with `TimedOut` after `limit`.
func withTimeout<Result: Sendable>(
    _ limit: Duration,
    _ work: @escaping @Sendable () async throws -> Result
) async throws -> Result {
    try await withThrowingTaskGroup(of: Result.self) { group in
        group.addTask { try await work() }
        group.addTask {
            try await Task.sleep(for: limit)
            throw TimedOut()
        }
        defer { group.cancelAll() }
        return try await group.next()!
    }
}
