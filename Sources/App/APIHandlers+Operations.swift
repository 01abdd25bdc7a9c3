import APIContract
import Domain
import Logging
import OpenAPIRuntime
import Persistence
import Services

/// Liveness, readiness and the contract. Metrics have a listener of their own (`MetricsListener`).
extension APIHandlers {
    func getHealthLive(_ input: Operations.GetHealthLive.Input) async throws -> Operations.GetHealthLive.Output {
        .ok(.init(body: .json(.init(status: .live))))
    }

    func getHealthReady(_ input: Operations.GetHealthReady.Input) async throws -> Operations.GetHealthReady.Output {
        switch await services.maintenance.readiness() {
        case .ready: return .ok(.init(body: .json(.init(status: .ready))))
        case .schemaMismatch: throw Problem(.serviceUnavailable, detail: Self.schemaMismatch, retryAfterSeconds: 30)
        case .databaseUnreachable: throw Problem(.serviceUnavailable, detail: Self.databaseUnreachable, retryAfterSeconds: 5)
        }
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
