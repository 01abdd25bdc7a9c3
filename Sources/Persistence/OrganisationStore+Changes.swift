import Domain
import Foundation
import Logging
import PostgresNIO

/// Changes to the tree: renaming, changing kind or province, moving a subtree, deleting a leaf.
extension OrganisationStore {
    /// One change to the tree at a time, until the caller's transaction ends: two moves checked
    /// side by side (A below B, B below A) could otherwise each pass the cycle test. Changes to
    /// the tree are rare administrator steps, so they may queue.
    public static func lockTree(on connection: PostgresConnection, logger: Logger) async throws {
        // hashtext('organisation-tree'), written out so the key is one constant.
        try await connection.run("SELECT pg_advisory_xact_lock(\(unescaped: "1613972203"))", logger: logger)
    }

    /// The kinds of the organisations directly below `id`.
    public static func childKinds(of id: String, on connection: PostgresConnection, logger: Logger) async throws -> [OrganisationKind] {
        var kinds: [OrganisationKind] = []
        for try await kind in try await connection.run(
            "SELECT DISTINCT kind FROM organisations WHERE parent_id = \(id)",
            logger: logger
        ).decode(String.self) {
            if let kind = OrganisationKind(rawValue: kind) { kinds.append(kind) }
        }
        return kinds
    }

    /// Applies a checked change to `current`, audited. A move rewrites the stored chain of ids of
    /// the organisation and of everything below it, in the caller's transaction.
    public static func update(
        _ current: Organisation,
        to change: OrganisationChange,
        parentPath: [String],
        actorID: UUID,
        now: Date,
        on connection: PostgresConnection,
        logger: Logger
    ) async throws -> Organisation {
        let path = parentPath + [current.id]
        try await connection.run(
            """
            UPDATE organisations SET name_vi = \(change.name.vi), name_en = \(change.name.en), kind = \(change.kind.rawValue),
                province_code = \(change.province), parent_id = \(change.parentID)
            WHERE organisation_id = \(current.id)
            """,
            logger: logger
        )
        if path != current.path {
            // Every row whose chain starts with the old chain is at or below the organisation:
            // its new chain is the new one followed by what came after the old one.
            try await connection.run(
                """
                UPDATE organisations SET path = \(path)::text[] || path[\(current.path.count + 1)::integer:]
                WHERE path[1:\(current.path.count)::integer] = \(current.path)::text[]
                """,
                logger: logger
            )
        }
        let updated = Organisation(
            id: current.id,
            parentID: change.parentID,
            kind: change.kind,
            name: change.name,
            province: change.province,
            path: path
        )
        try await AdminAudit.record(
            "update-organisation",
            actorID: actorID,
            targetID: nil,
            details: UpdateAudit(before: AuditedOrganisation(current), after: AuditedOrganisation(updated)),
            now: now,
            on: connection,
            logger: logger
        )
        return updated
    }

    /// What keeps an organisation from being deleted.
    public struct DeletionBlockers: Sendable, Equatable {
        public var children: Int
        /// Classes that have had a member (a seat ever taken): their people's learning and the
        /// organisation's reports hang on them.
        public var classesWithMembers: Int
        public var outsideReports: Int

        public var none: Bool { children == 0 && classesWithMembers == 0 && outsideReports == 0 }
    }

    public static func deletionBlockers(of id: String, on connection: PostgresConnection, logger: Logger) async throws -> DeletionBlockers {
        let rows = try await connection.run(
            """
            SELECT (SELECT count(*) FROM organisations WHERE parent_id = \(id))::integer,
                   (SELECT count(*) FROM classes WHERE organisation_id = \(id) AND seats_taken > 0)::integer,
                   (SELECT count(*) FROM outside_reports WHERE organisation_id = \(id))::integer
            """,
            logger: logger
        ).collect()
        let (children, classes, reports) = try rows[0].decode((Int, Int, Int).self)
        return DeletionBlockers(children: children, classesWithMembers: classes, outsideReports: reports)
    }

    /// Deletes an organisation that `deletionBlockers` found free, with its classes that never
    /// had a member and its managers' assignments, audited.
    public static func delete(_ organisation: Organisation, actorID: UUID, now: Date, on connection: PostgresConnection, logger: Logger) async throws
    {
        var managers: [String] = []
        for try await id in try await connection.run(
            "DELETE FROM organisation_managers WHERE organisation_id = \(organisation.id) RETURNING learner_id",
            logger: logger
        ).decode(UUID.self) {
            managers.append(id.uuidString.lowercased())
        }
        let classes = try await connection.run(
            "DELETE FROM classes WHERE organisation_id = \(organisation.id) AND seats_taken = 0 RETURNING class_id",
            logger: logger
        ).collect().count
        try await connection.run("DELETE FROM organisations WHERE organisation_id = \(organisation.id)", logger: logger)
        try await AdminAudit.record(
            "delete-organisation",
            actorID: actorID,
            targetID: nil,
            details: DeletionAudit(organisation: AuditedOrganisation(organisation), managersRemoved: managers.sorted(), emptyClassesDeleted: classes),
            now: now,
            on: connection,
            logger: logger
        )
    }

    struct UpdateAudit: Encodable {
        var before: AuditedOrganisation
        var after: AuditedOrganisation
    }

    struct DeletionAudit: Encodable {
        var organisation: AuditedOrganisation
        var managersRemoved: [String]
        var emptyClassesDeleted: Int
    }

    /// An organisation as the audit log keeps it.
    struct AuditedOrganisation: Encodable {
        var id: String
        var parentId: String?
        var kind: String
        var nameVi: String
        var nameEn: String
        var province: String?
        var path: [String]

        init(_ organisation: Organisation) {
            id = organisation.id
            parentId = organisation.parentID
            kind = organisation.kind.rawValue
            nameVi = organisation.name.vi
            nameEn = organisation.name.en
            province = organisation.province
            path = organisation.path
        }
    }
}
