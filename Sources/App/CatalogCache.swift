import CoursePacks
import Domain
import Foundation
import Logging
import NIOCore
import Persistence
import Services
import Synchronization

/// Catalog responses encoded once per content version and language, and kept.
///
/// Content versions never change once imported, so their encoded bytes can be kept for as long as
/// the version is live. Which version is live is refreshed after every import this instance makes
/// and every few seconds for imports made elsewhere; a read, or a 304, then costs no database
/// round trip at all.
public final class CatalogCache: Sendable {
    typealias Live = ContentStore.LiveVersion

    struct Encoded: Sendable {
        var body: ByteBuffer
        var etag: String
        var contentType: String
    }

    private struct State {
        var live: [String: Live] = [:]
        var encoded: [String: Encoded] = [:]
    }

    private let state = Mutex(State())
    let service: CatalogService
    let publicBaseURL: URL

    init(service: CatalogService, publicBaseURL: URL) {
        self.service = service
        self.publicBaseURL = publicBaseURL
    }

    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    /// Reads which versions are live, and forgets what was encoded for versions that are not.
    func refresh() async {
        do {
            let live = try await service.liveVersions()
            state.withLock { state in
                guard state.live != live else { return }
                state.live = live
                let keep = Set(live.map { "\($0.key)@\($0.value.version)" })
                state.encoded = state.encoded.filter { entry in keep.contains(where: { entry.key.hasPrefix($0 + "|") }) }
            }
        } catch {
            service.context.logger.warning("catalog refresh failed", metadata: ["error": "\(String(reflecting: error))"])
        }
    }

    func live(_ courseID: String) -> Live? {
        state.withLock { $0.live[courseID] }
    }

    /// The live courses (not certifications), by id.
    func liveCourses() -> [(id: String, live: Live)] {
        state.withLock { state in
            state.live.filter { $0.value.kind == .course }.map { ($0.key, $0.value) }.sorted { $0.id < $1.id }
        }
    }

    /// The bytes for `key`, made by `make` the first time.
    func encoded(_ key: String, make: () async throws -> Encoded?) async throws -> Encoded? {
        if let hit = state.withLock({ $0.encoded[key] }) { return hit }
        guard let made = try await make() else { return nil }
        state.withLock { $0.encoded[key] = made }
        return made
    }

    func json(_ value: some Encodable, etag: String) throws -> Encoded {
        Encoded(body: ByteBuffer(bytes: try Self.encoder.encode(value)), etag: etag, contentType: "application/json; charset=utf-8")
    }

    /// Where an image of a course is served, under the public base URL.
    static func assetURL(base: URL, courseID: String, name: String) -> String {
        base.absoluteString + "/v1/courses/\(courseID)/assets/\(name)"
    }
}
