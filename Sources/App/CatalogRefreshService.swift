import Persistence
import Logging
import ServiceLifecycle

/// Keeps the catalog's idea of which content versions are live in step with the database,
/// including imports made by other instances.
struct CatalogRefreshService: Service {
    let cache: CatalogCache
    let database: Database
    let interval: Duration

    func run() async throws {
        do {
            try await cancelWhenGracefulShutdown {
                while true {
                    await cache.refresh(database)
                    try await Task.sleep(for: interval)
                }
            }
        } catch is CancellationError {
            // Shutting down.
        }
    }
}
