import Domain
import Foundation
import Logging
import NIOCore
import Persistence

/// The published content: which versions are live, their manifests, lessons and images.
/// The HTTP layer keeps the encoded responses; this reads what they are made from.
public struct CatalogService: Sendable {
    public let context: ServiceContext

    public init(context: ServiceContext) {
        self.context = context
    }

    var database: Database { context.database }
    var logger: Logger { context.logger }

    public func liveVersions() async throws -> [String: ContentStore.LiveVersion] {
        try await database.withConnection { connection in
            try await ContentStore.liveVersions(on: connection, logger: logger)
        }
    }

    /// The manifest of a live version: from the process's decoded manifests when it is there,
    /// so a warm catalog read leases no connection.
    public func manifest(_ courseID: String, live: ContentStore.LiveVersion) async throws -> CourseManifest? {
        if let hit = ContentStore.cachedManifest(contentHash: live.contentHash) { return hit }
        return try await database.withConnection { connection in
            try await ContentStore.manifest(courseID, version: live.version, contentHash: live.contentHash, on: connection, logger: logger)
        }
    }

    public func lesson(_ lessonID: String, courseID: String, version: Int) async throws -> Lesson? {
        try await database.withConnection { connection in
            try await ContentStore.lesson(lessonID, courseID: courseID, version: version, on: connection, logger: logger)
        }
    }

    public func asset(_ name: String, courseID: String, hash: String) async throws -> ByteBuffer? {
        try await database.withConnection { connection in
            try await ContentStore.asset(name, courseID: courseID, hash: hash, on: connection, logger: logger)
        }
    }
}
