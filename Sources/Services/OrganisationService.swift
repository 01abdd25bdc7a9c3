import Domain
import Foundation
import Logging
import Persistence
import PostgresNIO

/// The organisation tree: administrators add organisations (one at a time or a whole tree from
/// CSV) and assign their managers; managers see the part of the tree they manage.
public struct OrganisationService: Sendable {
    let context: ServiceContext

    public init(context: ServiceContext) {
        self.context = context
    }

    var database: Database { context.database }
    var logger: Logger { context.logger }

    /// Who does something from the command line: someone with the database's credentials and no
    /// account, recorded in the audit log as the nil UUID.
    public static let commandLine = UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0))

    static let notAManager = Refusal(
        .forbidden,
        detail: LocalizedText(
            vi: "Chỉ quản trị viên và người quản lý tổ chức mới làm được việc này.",
            en: "Only administrators and organisation managers can do this."
        )
    )

    /// Adds one organisation from its fields (`NewOrganisation.validate`).
    public func create(_ form: [String: FormValue]) async throws -> Organisation {
        let organisation: NewOrganisation
        switch NewOrganisation.validate(form) {
        case .failure(let failure): throw Refusal.validation(failure)
        case .success(let valid): organisation = valid
        }
        let now = context.clock.now()
        let outcome = try await database.withTransaction { connection in
            try await add(organisation, now: now, on: connection)
        }
        switch outcome {
        case .added(let added):
            logger.notice("organisation created", metadata: ["organisation": "\(added.id)"])
            return added
        case .invalid(let errors): throw Refusal(.validation, errors: errors)
        case .idTaken:
            throw Refusal(
                .conflict,
                detail: OrganisationMessages.idTaken,
                errors: [FieldError(pointer: "/id", message: OrganisationMessages.idTaken)]
            )
        }
    }

    public enum ImportOutcome: Sendable, Equatable {
        case imported(count: Int)
        /// Every problem, by line (the header is line 1); nothing was added.
        case refused([CSVReader.LineError])
    }

    private struct Rollback: Error {
        var errors: [CSVReader.LineError]
    }

    /// Adds a tree written as CSV (`OrganisationImport`), all or nothing.
    public func importTree(_ text: String) async throws -> ImportOutcome {
        let rows: [OrganisationImport.Row]
        switch OrganisationImport.parse(text) {
        case .failure(let failure): return .refused(failure.errors)
        case .success(let parsed): rows = parsed
        }
        let now = context.clock.now()
        let columns = ["/id": "id", "/parentId": "parent", "/kind": "kind", "/province": "province"]
        do {
            return try await database.withTransaction { connection in
                var errors: [CSVReader.LineError] = []
                for row in rows {
                    switch try await add(row.organisation, now: now, on: connection) {
                    case .added: continue
                    case .idTaken:
                        errors.append(CSVReader.LineError(line: row.line, column: "id", message: OrganisationMessages.idTaken))
                    case .invalid(let fieldErrors):
                        for error in fieldErrors {
                            errors.append(CSVReader.LineError(line: row.line, column: columns[error.pointer], message: error.message))
                        }
                    }
                }
                guard errors.isEmpty else { throw Rollback(errors: errors) }
                return .imported(count: rows.count)
            }
        } catch let rollback as Rollback {
            return .refused(rollback.errors)
        }
    }

    enum Added {
        case added(Organisation)
        case invalid([FieldError])
        case idTaken
    }

    /// Adds an organisation below its parent, once the database agrees the parent can hold it and
    /// the province is one in force today.
    func add(_ organisation: NewOrganisation, now: Date, on connection: PostgresConnection) async throws -> Added {
        var errors: [FieldError] = []
        var parentPath: [String] = []
        if let parentID = organisation.parentID {
            if let parent = try await OrganisationStore.organisation(parentID, on: connection, logger: logger) {
                parentPath = parent.path
                if !organisation.kind.mayHave(parent: parent.kind) {
                    errors.append(FieldError(pointer: "/parentId", message: OrganisationMessages.parentCannotHold))
                }
            } else {
                errors.append(FieldError(pointer: "/parentId", message: OrganisationMessages.unknownParent))
            }
        }
        if let province = organisation.province,
            !(try await AccountStore.provinceIsValid(province, on: VietnamDay(of: now).text, connection: connection, logger: logger))
        {
            errors.append(FieldError(pointer: "/province", message: OrganisationMessages.unknownProvince))
        }
        guard errors.isEmpty else { return .invalid(errors) }
        guard try await OrganisationStore.insert(organisation, parentPath: parentPath, now: now, on: connection, logger: logger) else {
            return .idTaken
        }
        return .added(
            Organisation(
                id: organisation.id,
                parentID: organisation.parentID,
                kind: organisation.kind,
                name: organisation.name,
                province: organisation.province,
                path: parentPath + [organisation.id]
            )
        )
    }

    /// Makes the account `userID` a manager of the organisation and everything below it, audited.
    public func assignManager(organisationID: String, userID: String, by actorID: UUID) async throws {
        guard let learnerID = UUID(uuidString: userID) else { throw Refusal(.notFound) }
        let now = context.clock.now()
        let assigned = try await database.withTransaction { connection in
            guard try await OrganisationStore.organisation(organisationID, on: connection, logger: logger) != nil else { return false }
            return try await OrganisationStore.assignManager(
                learnerID: learnerID,
                organisationID: organisationID,
                actorID: actorID,
                now: now,
                on: connection,
                logger: logger
            )
        }
        guard assigned else { throw Refusal(.notFound) }
        logger.notice("manager assigned", metadata: ["organisation": "\(organisationID)", "manager": "\(learnerID)", "actor": "\(actorID)"])
    }

    /// Ends an assignment, audited.
    public func removeManager(organisationID: String, userID: String, by actorID: UUID) async throws {
        guard let learnerID = UUID(uuidString: userID) else { throw Refusal(.notFound) }
        let now = context.clock.now()
        let removed = try await database.withTransaction { connection in
            try await OrganisationStore.removeManager(
                learnerID: learnerID,
                organisationID: organisationID,
                actorID: actorID,
                now: now,
                on: connection,
                logger: logger
            )
        }
        guard removed else { throw Refusal(.notFound) }
        logger.notice("manager removed", metadata: ["organisation": "\(organisationID)", "manager": "\(learnerID)", "actor": "\(actorID)"])
    }

    /// The organisations the caller sees: all of them for an administrator, the parts of the tree
    /// they manage for a manager; anyone else is refused.
    public func organisations(for principal: Principal) async throws -> [Organisation] {
        try await database.withConnection { connection in
            let scope = try await Self.scope(of: principal, on: connection, logger: logger)
            return try await OrganisationStore.organisations(within: scope.map { Array($0) }, on: connection, logger: logger)
        }
    }

    /// One organisation, when the caller sees it; another branch of the tree is not found.
    public func organisation(_ id: String, for principal: Principal) async throws -> Organisation {
        try await database.withConnection { connection in
            let scope = try await Self.scope(of: principal, on: connection, logger: logger)
            guard let organisation = try await OrganisationStore.organisation(id, on: connection, logger: logger),
                scope.map(organisation.isWithin) ?? true
            else { throw Refusal(.notFound) }
            return organisation
        }
    }

    /// The organisations whose subtrees the caller manages, nil for an administrator (all of
    /// them); refused for someone who manages nothing.
    static func scope(of principal: Principal, on connection: PostgresConnection, logger: Logger) async throws -> Set<String>? {
        if principal.has(.admin) { return nil }
        let managed = try await OrganisationStore.managed(by: principal.learnerID, on: connection, logger: logger)
        guard !managed.isEmpty else { throw notAManager }
        return Set(managed)
    }
}
