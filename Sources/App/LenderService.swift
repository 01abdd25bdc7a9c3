import Persistence
import ServiceLifecycle

/// Runs the connection lender's holders until graceful shutdown.
struct LenderService: Service {
    let lender: ConnectionLender

    func run() async throws {
        try await cancelWhenGracefulShutdown { await lender.run() }
    }
}
