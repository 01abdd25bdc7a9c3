import Domain
import Logging
import Persistence

/// Deletes idempotency keys past their 24 hours. Expired keys are already reused as new when they
/// come back; purging only keeps the table small.
enum IdempotencyPurge {
    static func service(database: Database, clock: WallClock, interval: Duration) -> PeriodicService {
        PeriodicService(interval: interval, runAtStart: false) {
            do {
                let purged = try await IdempotencyStore.purge(now: clock.now(), in: database)
                database.logger.debug("idempotency keys purged", metadata: ["count": "\(purged)"])
            } catch {
                database.logger.warning("idempotency purge failed", metadata: ["error": "\(String(reflecting: error))"])
            }
        }
    }
}
