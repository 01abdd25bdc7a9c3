import Domain
import Logging
import Persistence
import ServiceLifecycle

/// Deletes idempotency keys past their 24 hours, once an hour.
///
/// Expired keys are already reused as new when they come back; purging only keeps the table small.
struct IdempotencyPurgeService: Service {
    let database: Database
    let clock: WallClock
    let interval: Duration

    func run() async throws {
        do {
            try await cancelWhenGracefulShutdown {
                while true {
                    try await Task.sleep(for: interval)
                    await purgeOnce()
                }
            }
        } catch is CancellationError {
            // Shutting down: nothing to finish.
        }
    }

    private func purgeOnce() async {
        do {
            let purged = try await IdempotencyStore.purge(now: clock.now(), in: database)
            database.logger.debug("idempotency keys purged", metadata: ["count": "\(purged)"])
        } catch {
            database.logger.warning("idempotency purge failed", metadata: ["error": "\(String(reflecting: error))"])
        }
    }
}
