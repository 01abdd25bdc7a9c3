import Domain
import Foundation
import Logging
import Persistence
import PostgresNIO
import Synchronization

/// Where statistics are read: the primary, or a streaming replica kept for them
/// (`STATISTICS_DATABASE_URL`), and how current each read is.
///
/// Every read-only statistics step reads through `withConnection` here instead of the context's
/// database, and gets back, beside its value, which database answered and up to when its figures
/// are exact. Without a replica every read goes to the primary. With one, reads go to the replica
/// while its last health check (`probe`) succeeded; when it is down, or a read on it fails because
/// it cannot be reached, the read is served by the primary in the same request and says so. Each
/// read on the replica measures the lag on its own connection first, so its `exactAsOf` is as
/// current as the read.
/// Nothing here writes: roll-ups, tokens, sessions and audit rows use the context's database.
public final class StatisticsSource: Sendable {
    public enum Kind: String, Sendable {
        case primary
        case replica
        case primaryFallback = "primary-fallback"
    }

    /// Which database answered, and the moment before which every committed write is counted.
    public struct Provenance: Sendable, Equatable {
        public var kind: Kind
        public var exactAsOf: Date
        /// Seconds the replica was behind at its last check; 0 on the primary.
        public var lagSeconds: Double

        public init(kind: Kind, exactAsOf: Date, lagSeconds: Double) {
            self.kind = kind
            self.exactAsOf = exactAsOf
            self.lagSeconds = lagSeconds
        }

        /// A replica further behind than this is worth a line on the dashboard.
        public static let noticeableLagSeconds = 60.0

        /// Whether readers should be told (the dashboard's line): figures from the primary as a
        /// fallback, or from a replica noticeably behind.
        public var isWorthSaying: Bool {
            kind == .primaryFallback || (kind == .replica && lagSeconds > Self.noticeableLagSeconds)
        }
    }

    /// The replica's state at its last check.
    public struct Health: Sendable, Equatable {
        public var up: Bool
        public var lagSeconds: Double
        public var checkedAt: Date

        public init(up: Bool, lagSeconds: Double, checkedAt: Date) {
            self.up = up
            self.lagSeconds = lagSeconds
            self.checkedAt = checkedAt
        }
    }

    let primary: Database
    let replica: Database?
    let clock: WallClock
    /// Nil until the first check: the replica is tried, and a failure falls back.
    let health = Mutex<Health?>(nil)
    /// Told every new health (for the `/metrics` gauges).
    let observe: @Sendable (Health) -> Void

    public init(primary: Database, replica: Database? = nil, clock: WallClock = .system, observe: @escaping @Sendable (Health) -> Void = { _ in }) {
        self.primary = primary
        self.replica = replica
        self.clock = clock
        self.observe = observe
    }

    public var hasReplica: Bool { replica != nil }
    public var lastHealth: Health? { health.withLock { $0 } }
    var logger: Logger { primary.logger }

    /// Runs the read-only `body` on the replica when there is one and it is up, else on the
    /// primary; a read the replica cannot serve for a connection reason (refused as busy because
    /// no connection could be made, or a connection lost under it) is run once more on the primary.
    public func withConnection<Result: Sendable>(
        isolation: isolated (any Actor)? = #isolation,
        _ body: (PostgresConnection) async throws -> sending Result
    ) async throws -> Sourced<Result> {
        guard let replica else {
            let now = clock.now()
            return Sourced(try await primary.withConnection(isolation: isolation, body), Provenance(kind: .primary, exactAsOf: now, lagSeconds: 0))
        }
        if lastHealth?.up ?? true {
            do {
                // The lag is read on the read's own connection just before it: replay only moves
                // forward, so everything committed before `now - lag` is in what the body reads.
                let read = try await replica.withConnection(isolation: isolation) { connection -> (Result, Provenance)? in
                    let now = clock.now()
                    let status = try await ReplicaStore.status(on: connection, logger: logger)
                    guard let lag = status.lagSeconds else { return nil }
                    return (try await body(connection), Provenance(kind: .replica, exactAsOf: now - lag, lagSeconds: lag))
                }
                if let (value, provenance) = read { return Sourced(value, provenance) }
                // A replica that has replayed nothing yet cannot say how current it is.
            } catch  where Self.unreachable(error) {
                logger.warning("statistics replica unreachable; reading from the primary", metadata: ["error": "\(String(reflecting: error))"])
                record(Health(up: false, lagSeconds: lastHealth?.lagSeconds ?? 0, checkedAt: clock.now()))
            }
        }
        let now = clock.now()
        return Sourced(
            try await primary.withConnection(isolation: isolation, body),
            Provenance(kind: .primaryFallback, exactAsOf: now, lagSeconds: 0)
        )
    }

    /// Checks the replica once: reachable, and how far behind. A replica that has not replayed
    /// anything yet cannot say how current it is, so it counts as down. Nil without a replica.
    @discardableResult
    public func probe() async -> Health? {
        guard let replica else { return nil }
        let now = clock.now()
        let health: Health
        do {
            let status = try await replica.withConnection { connection in try await ReplicaStore.status(on: connection, logger: logger) }
            health = Health(up: status.lagSeconds != nil, lagSeconds: status.lagSeconds ?? 0, checkedAt: now)
        } catch {
            if lastHealth?.up ?? true {
                logger.warning("statistics replica check failed", metadata: ["error": "\(String(reflecting: error))"])
            }
            health = Health(up: false, lagSeconds: lastHealth?.lagSeconds ?? 0, checkedAt: now)
        }
        record(health)
        return health
    }

    func record(_ new: Health) {
        health.withLock { $0 = new }
        observe(new)
    }

    /// Failures that say the replica cannot be reached, after which the same read on the primary
    /// is safe (nothing here writes).
    static func unreachable(_ error: any Error) -> Bool {
        error is Database.Busy || error is Database.Interrupted
    }
}

/// A statistics step's value with where it was read and up to when it is exact.
public struct Sourced<Value: Sendable>: Sendable {
    public var value: Value
    public var source: StatisticsSource.Provenance

    public init(_ value: Value, _ source: StatisticsSource.Provenance) {
        self.value = value
        self.source = source
    }
}
