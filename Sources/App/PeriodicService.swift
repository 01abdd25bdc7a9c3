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
