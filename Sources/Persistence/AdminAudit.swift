import Foundation
import Logging
import PostgresNIO

/// What administrators and managers did to people, for accountability: one `admin_audit` row per
/// action, written in the action's own transaction so that no action goes unrecorded.
enum AdminAudit {
    static func record(
        _ action: String,
        actorID: UUID,
        targetID: UUID?,
        details: some Encodable,
        now: Date,
        on connection: PostgresConnection,
        logger: Logger
    ) async throws {
        let json = String(decoding: try JSONEncoder().encode(details), as: UTF8.self)
        try await connection.run(
            """
            INSERT INTO admin_audit (actor_id, action, target_id, details, recorded_at)
            VALUES (\(actorID), \(action), \(targetID), \(json)::jsonb, \(now))
            """,
            logger: logger
        )
    }
}
