import Logging
import ServiceLifecycle

/// Runs `work` every `interval` until graceful shutdown: the shape of every background job here.
///
/// The work handles its own errors (it logs them and tries again next time), so one bad run
/// never stops the job or the server.
struct PeriodicService: Service {
    let interval: Duration
    /// Whether to run once at start, before the first wait.
    let runAtStart: Bool
    let work: @Sendable () async -> Void

    func run() async throws {
        do {
            try await cancelWhenGracefulShutdown {
                if runAtStart { await work() }
                while true {
                    try await Task.sleep(for: interval)
                    await work()
                }
            }
        } catch is CancellationError {
            // Shutting down: whatever the next run would have done waits for the next start.
        }
    }
}

extension PeriodicService {
    /// A job that runs `work` every `interval`, not at start, logging a failure as a warning
    /// and trying again next time.
    static func job(
        _ name: String,
        every interval: Duration,
        logger: Logger,
        _ work: @escaping @Sendable () async throws -> some Sendable
    ) -> PeriodicService {
        PeriodicService(interval: interval, runAtStart: false) {
            do {
                _ = try await work()
            } catch {
                logger.warning("\(name) failed", metadata: ["error": "\(String(reflecting: error))"])
            }
        }
    }
}
