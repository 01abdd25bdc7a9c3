import Domain
import Logging
import Persistence

/// What every business step needs: the database, the time and randomness, where learning
/// events are queued as xAPI statements (`StatementQueue.off` when no store is configured), and
/// where statistics are read (`statistics`: the primary unless a replica is configured).
///
/// Services are plain values made once at start-up by the composition root (or a test) and
/// called from handlers, the dashboard and the command line alike; none of them knows HTTP.
/// Each public function is one business step: it takes plain values, runs its own transaction
/// and returns domain values, or throws a `Refusal`.
public struct ServiceContext: Sendable {
    public let database: Database
    public let clock: WallClock
    public let random: RandomSource
    public let statements: StatementQueue
    /// Where read-only statistics are read (a replica when one is configured, else `database`).
    /// Every write, including what a statistics step writes (an audit row), uses `database`.
    public let statistics: StatisticsSource

    public init(
        database: Database,
        clock: WallClock = .system,
        random: RandomSource = .system,
        statements: StatementQueue = .off,
        statistics: StatisticsSource? = nil
    ) {
        self.database = database
        self.clock = clock
        self.random = random
        self.statements = statements
        self.statistics = statistics ?? StatisticsSource(primary: database, clock: clock)
    }

    public var logger: Logger { database.logger }
}
