import APIContract
import Domain
import Logging
import OpenAPIRuntime
import Persistence

/// Liveness, readiness, metrics and the contract.
extension APIHandlers {
    /// A load balancer must hear "not ready" quickly, not wait for a connection timeout.
    static let readinessTimeout: Duration = .seconds(2)

    func getHealthLive(_ input: Operations.GetHealthLive.Input) async throws -> Operations.GetHealthLive.Output {
        .ok(.init(body: .json(.init(status: .live))))
    }

    func getHealthReady(_ input: Operations.GetHealthReady.Input) async throws -> Operations.GetHealthReady.Output {
        let status: MigrationRunner.Status
        do {
            status = try await withTimeout(Self.readinessTimeout) { [database, migrations] in
                try await database.withConnection { connection in
                    try await migrations.status(on: connection, logger: database.logger)
                }
            }
        } catch let error as MigrationError {
            database.logger.error("not ready: schema does not match this build", metadata: ["error": "\(error)"])
            throw Problem(.serviceUnavailable, detail: Self.schemaMismatch, retryAfterSeconds: 30)
        } catch {
            database.logger.warning("not ready: database unreachable", metadata: ["error": "\(String(reflecting: error))"])
            throw Problem(.serviceUnavailable, detail: Self.databaseUnreachable, retryAfterSeconds: 5)
        }
        guard status.isCurrent else {
            throw Problem(.serviceUnavailable, detail: Self.schemaMismatch, retryAfterSeconds: 30)
        }
        return .ok(.init(body: .json(.init(status: .ready))))
    }

    func getMetrics(_ input: Operations.GetMetrics.Input) async throws -> Operations.GetMetrics.Output {
        .ok(.init(body: .plainText(HTTPBody(Observability.exposition()))))
    }

    func getOpenAPIDocument(_ input: Operations.GetOpenAPIDocument.Input) async throws -> Operations.GetOpenAPIDocument.Output {
        .ok(.init(body: .yaml(HTTPBody(OpenAPIDocument.bytes))))
    }

    static let databaseUnreachable = LocalizedText(
        vi: "Không kết nối được cơ sở dữ liệu.",
        en: "The database cannot be reached."
    )
    static let schemaMismatch = LocalizedText(
        vi: "Lược đồ cơ sở dữ liệu chưa khớp với phiên bản máy chủ này.",
        en: "The database schema does not match this server build."
    )
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
