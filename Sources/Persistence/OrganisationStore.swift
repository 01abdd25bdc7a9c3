import Domain
import Foundation
import Logging
import PostgresNIO

/// The organisation tree and who manages which part of it.
public enum OrganisationStore {
    /// Adds an organisation below `parentPath` (empty at the top); false when the id is taken.
    public static func insert(
        _ organisation: NewOrganisation,
        parentPath: [String],
        now: Date,
        on connection: PostgresConnection,
        logger: Logger
    ) async throws -> Bool {
        try await connection.run(
            """
            INSERT INTO organisations (organisation_id, parent_id, kind, name_vi, name_en, province_code, path, created_at)
            VALUES (\(organisation.id), \(organisation.parentID), \(organisation.kind.rawValue), \(organisation.name.vi),
                    \(organisation.name.en), \(organisation.province), \(parentPath + [organisation.id]), \(now))
            ON CONFLICT (organisation_id) DO NOTHING RETURNING 1
            """,
            logger: logger
        ).collect().count == 1
    }

    public static func organisation(_ id: String, on connection: PostgresConnection, logger: Logger) async throws -> Organisation? {
        try await organisations(
            connection.run(
                """
                SELECT organisation_id, parent_id, kind, name_vi, name_en, province_code, path FROM organisations
                WHERE organisation_id = \(id)
                """,
                logger: logger
            )
        ).first
    }

    /// Every organisation at or below one of `roots`, or all of them when `roots` is nil, top down.
    public static func organisations(within roots: [String]?, on connection: PostgresConnection, logger: Logger) async throws -> [Organisation] {
        try await organisations(
            connection.run(
                """
                SELECT organisation_id, parent_id, kind, name_vi, name_en, province_code, path FROM organisations
                WHERE \(roots == nil) OR path && \(roots ?? [])::text[]
                ORDER BY cardinality(path), organisation_id
                """,
                logger: logger
            )
        )
    }

    private static func organisations(_ rows: PostgresRowSequence) async throws -> [Organisation] {
        var result: [Organisation] = []
        for try await (id, parent, kind, nameVi, nameEn, province, path) in rows.decode(
            (String, String?, String, String, String, String?, [String]).self
        ) {
            guard let kind = OrganisationKind(rawValue: kind) else { continue }
            result.append(
                Organisation(id: id, parentID: parent, kind: kind, name: LocalizedText(vi: nameVi, en: nameEn), province: province, path: path)
            )
        }
        return result
    }

    /// The organisations `learnerID` manages (each with everything below it).
    public static func managed(by learnerID: UUID, on connection: PostgresConnection, logger: Logger) async throws -> [String] {
        var ids: [String] = []
        for try await id in try await connection.run(
            "SELECT organisation_id FROM organisation_managers WHERE learner_id = \(learnerID) ORDER BY organisation_id",
            logger: logger
        ).decode(String.self) {
            ids.append(id)
        }
        return ids
    }

    /// Makes a live account a manager of the organisation, audited; false when the account is
    /// not there (or erased). Assigning twice changes nothing.
    public static func assignManager(
        learnerID: UUID,
        organisationID: String,
        actorID: UUID,
        now: Date,
        on connection: PostgresConnection,
        logger: Logger
    ) async throws -> Bool {
        let rows = try await connection.run(
            """
            INSERT INTO organisation_managers (learner_id, organisation_id, assigned_at)
            SELECT learner_id, \(organisationID), \(now) FROM learners WHERE learner_id = \(learnerID) AND erased_at IS NULL
            ON CONFLICT (learner_id, organisation_id) DO UPDATE SET assigned_at = organisation_managers.assigned_at
            RETURNING 1
            """,
            logger: logger
        ).collect()
        guard !rows.isEmpty else { return false }
        try await AdminAudit.record(
            "assign-manager",
            actorID: actorID,
            targetID: learnerID,
            details: ["organisation": organisationID],
            now: now,
            on: connection,
            logger: logger
        )
        return true
    }

    /// Ends a manager's assignment, audited; false when there was none.
    public static func removeManager(
        learnerID: UUID,
        organisationID: String,
        actorID: UUID,
        now: Date,
        on connection: PostgresConnection,
        logger: Logger
    ) async throws -> Bool {
        let rows = try await connection.run(
            """
            DELETE FROM organisation_managers WHERE learner_id = \(learnerID) AND organisation_id = \(organisationID) RETURNING 1
            """,
            logger: logger
        ).collect()
        guard !rows.isEmpty else { return false }
        try await AdminAudit.record(
            "remove-manager",
            actorID: actorID,
            targetID: learnerID,
            details: ["organisation": organisationID],
            now: now,
            on: connection,
            logger: logger
        )
        return true
    }
}
