import CoursePacks
import Domain
import Foundation
import HTTPTypes
import Logging
import NIOCore
import Persistence
import Services
import Synchronization

/// Catalog responses encoded once per content version and language, and kept.
///
/// Content versions never change once imported, so their encoded bytes, and the headers they go
/// out with, can be kept for as long as the version is live. Which version is live is refreshed
/// after every import this instance makes and every few seconds for imports made elsewhere; a
/// read, or a 304, then costs one lookup and no database round trip at all.
public final class CatalogCache: Sendable {
    typealias Live = ContentStore.LiveVersion

    /// One representation of a course's content: a document of a version, in a language when it
    /// has words.
    struct Key: Hashable, Sendable {
        enum Document: Hashable, Sendable {
            case outline
            case lesson(String)
            case asset(String)
        }

        var courseID: String
        var version: Int
        var document: Document
        var language: Language?
    }

    /// A representation's bytes, with the headers of its 200 and of its 304, made once.
    struct Encoded: Sendable {
        var body: ByteBuffer
        var etag: String
        var headers: HTTPFields
        var notModifiedHeaders: HTTPFields

        init(body: ByteBuffer, etag: String, contentType: String, language: Language?) {
            self.body = body
            self.etag = etag
            var common: HTTPFields = [.eTag: etag, .cacheControl: "no-cache"]
            if let language {
                common[.contentLanguage] = language.rawValue
                common[.vary] = "Accept-Language"
            }
            notModifiedHeaders = common
            common[.contentType] = contentType
            headers = common
        }
    }

    private struct State {
        var live: [String: Live] = [:]
        var encoded: [Key: Encoded] = [:]
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
                state.encoded = state.encoded.filter { live[$0.key.courseID]?.version == $0.key.version }
            }
        } catch {
            service.context.logger.warning("catalog refresh failed", metadata: ["error": "\(String(reflecting: error))"])
        }
    }

    /// The live courses (not certifications), by id.
    func liveCourses() -> [(id: String, live: Live)] {
        state.withLock { state in
            state.live.filter { $0.value.kind == .course }.map { ($0.key, $0.value) }.sorted { $0.id < $1.id }
        }
    }

    /// The live version of a course, and `document` of it in `language` if encoded before; nil
    /// when no such course is live. One lock for both, as every catalog read asks both.
    func lookup(_ courseID: String, _ document: Key.Document, language: Language?) -> (key: Key, live: Live, encoded: Encoded?)? {
        state.withLock { state in
            guard let live = state.live[courseID] else { return nil }
            let key = Key(courseID: courseID, version: live.version, document: document, language: language)
            return (key, live, state.encoded[key])
        }
    }

    func store(_ encoded: Encoded, for key: Key) {
        state.withLock { $0.encoded[key] = encoded }
    }

    func json(_ value: some Encodable, etag: String, language: Language?) throws -> Encoded {
        Encoded(
            body: ByteBuffer(bytes: try Self.encoder.encode(value)),
            etag: etag,
            contentType: "application/json; charset=utf-8",
            language: language
        )
    }

    /// Where an image of a course is served, under the public base URL.
    static func assetURL(base: URL, courseID: String, name: String) -> String {
        base.absoluteString + "/v1/courses/\(courseID)/assets/\(name)"
    }
}
