import Domain
import Foundation
import Logging
import Persistence

/// Administrators manage the tree (issue 19, item 1): rename an organisation, change its kind or
/// province, move it (with everything below it) under another parent, or delete one that nothing
/// depends on. Each change holds the tree's lock for its transaction and is audited.
extension OrganisationService {
    /// Changes an organisation from the fields sent (`OrganisationChange.validate`); returns it as
    /// it now stands.
    ///
    /// Refusals: 404 for an unknown organisation; 422 for an invalid field, an unknown parent or
    /// province, or a parent that cannot hold this kind; 409 for a move below itself and for a
    /// kind that what is below it could not stay under.
    public func update(_ id: String, _ form: [String: FormValue], by actorID: UUID) async throws -> Organisation {
        let now = context.clock.now()
        let updated = try await database.withTransaction { connection -> Organisation in
            try await OrganisationStore.lockTree(on: connection, logger: logger)
            guard let current = try await OrganisationStore.organisation(id, on: connection, logger: logger) else {
                throw Refusal(.notFound)
            }
            let change: OrganisationChange
            switch OrganisationChange.validate(form, current: current) {
            case .failure(let failure): throw Refusal.validation(failure)
            case .success(let valid): change = valid
            }
            var errors: [FieldError] = []
            var parentPath: [String] = []
            if let parentID = change.parentID {
                if let parent = try await OrganisationStore.organisation(parentID, on: connection, logger: logger) {
                    if parent.path.contains(current.id) {
                        throw Refusal(
                            .conflict,
                            detail: OrganisationMessages.belowItself,
                            errors: [FieldError(pointer: "/parentId", message: OrganisationMessages.belowItself)]
                        )
                    }
                    parentPath = parent.path
                    if !change.kind.mayHave(parent: parent.kind) {
                        errors.append(FieldError(pointer: "/\(change.placeField)", message: OrganisationMessages.parentCannotHold))
                    }
                } else {
                    errors.append(FieldError(pointer: "/parentId", message: OrganisationMessages.unknownParent))
                }
            }
            if change.province != current.province, let province = change.province,
                !(try await AccountStore.provinceIsValid(province, on: VietnamDay(of: now).text, connection: connection, logger: logger))
            {
                errors.append(FieldError(pointer: "/province", message: OrganisationMessages.unknownProvince))
            }
            guard errors.isEmpty else { throw Refusal(.validation, errors: errors) }
            if change.kind != current.kind {
                let below = try await OrganisationStore.childKinds(of: current.id, on: connection, logger: logger)
                if below.contains(where: { !$0.mayHave(parent: change.kind) }) {
                    throw Refusal(
                        .conflict,
                        detail: OrganisationMessages.childrenCannotStay,
                        errors: [FieldError(pointer: "/kind", message: OrganisationMessages.childrenCannotStay)]
                    )
                }
            }
            return try await OrganisationStore.update(
                current,
                to: change,
                parentPath: parentPath,
                actorID: actorID,
                now: now,
                on: connection,
                logger: logger
            )
        }
        logger.notice("organisation changed", metadata: ["organisation": "\(id)", "actor": "\(actorID)"])
        return updated
    }

    /// Deletes an organisation with nothing below it and no class that ever had a member or
    /// outside report naming it (409 otherwise, naming what is in the way); its empty classes and
    /// its managers' assignments go with it. Audited.
    public func delete(_ id: String, by actorID: UUID) async throws {
        let now = context.clock.now()
        try await database.withTransaction { connection in
            try await OrganisationStore.lockTree(on: connection, logger: logger)
            guard let organisation = try await OrganisationStore.organisation(id, on: connection, logger: logger) else {
                throw Refusal(.notFound)
            }
            let blockers = try await OrganisationStore.deletionBlockers(of: id, on: connection, logger: logger)
            let reason: LocalizedText? =
                if blockers.children > 0 {
                    OrganisationMessages.hasChildren
                } else if blockers.classesWithMembers > 0 {
                    OrganisationMessages.hasMembers
                } else if blockers.outsideReports > 0 {
                    OrganisationMessages.namedByOutsideReports
                } else {
                    nil
                }
            if let reason { throw Refusal(.conflict, detail: reason) }
            try await OrganisationStore.delete(organisation, actorID: actorID, now: now, on: connection, logger: logger)
        }
        logger.notice("organisation deleted", metadata: ["organisation": "\(id)", "actor": "\(actorID)"])
    }
}
