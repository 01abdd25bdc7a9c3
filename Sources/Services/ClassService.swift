import Domain
import Foundation
import Logging
import Persistence
import PostgresNIO

/// Classes (cohorts): managers create them in their part of the tree and hand out join codes;
/// people join with a code, at registration or later. Progress is in `ClassService+Progress.swift`.
public struct ClassService: Sendable {
    let context: ServiceContext

    public init(context: ServiceContext) {
        self.context = context
    }

    var database: Database { context.database }
    var logger: Logger { context.logger }

    /// A person's place in a class.
    public struct Membership: Sendable, Equatable {
        public var classID: UUID
        public var joinedAt: Date
    }

    static let classFull = Refusal(.conflict, detail: OrganisationMessages.classFull)

    /// Creates a class in an organisation the caller manages, with a fresh join code, at most
    /// once per `idempotencyKey`: a facilitator's retry on a bad network gets the class it
    /// already made, not a second one with another code.
    public func create(
        in organisationID: String,
        _ form: [String: FormValue],
        by principal: Principal,
        idempotencyKey: String? = nil
    ) async throws -> Cohort {
        let validated = CohortDetails.validate(form)
        let now = context.clock.now()
        let result = try await IdempotentWrite.perform(
            key: idempotencyKey,
            callerID: principal.learnerID.uuidString,
            operation: "createClass \(organisationID)",
            input: form,
            status: 201,
            database: database,
            clock: context.clock
        ) { connection -> Cohort in
            let scope = try await OrganisationService.scope(of: principal, on: connection, logger: logger)
            guard let organisation = try await OrganisationStore.organisation(organisationID, on: connection, logger: logger),
                scope.map(organisation.isWithin) ?? true
            else { throw Refusal(.notFound) }
            let details: CohortDetails
            switch validated {
            case .failure(let failure): throw Refusal.validation(failure)
            case .success(let valid): details = valid
            }
            try await checkContent(details, on: connection)
            var cohort = Cohort(id: context.random.uuid(), organisationID: organisationID, details: details, seatsTaken: 0, joinCode: nil)
            try await ClassStore.insert(cohort, now: now, on: connection, logger: logger)
            cohort.joinCode = try await newJoinCode(for: cohort.id, on: connection)
            return cohort
        }
        if !result.replayed {
            logger.info("class created", metadata: ["class": "\(result.output.id)", "organisation": "\(organisationID)"])
        }
        return result.output
    }

    /// Refuses courses that do not exist and a programme that is not a certification.
    private func checkContent(_ details: CohortDetails, on connection: PostgresConnection) async throws {
        let kinds = try await ClassStore.courseKinds(details.courseIDs + [details.programID].compactMap { $0 }, on: connection, logger: logger)
        var errors: [FieldError] = []
        for (index, id) in details.courseIDs.enumerated() where kinds[id] != "course" {
            errors.append(FieldError(pointer: "/courseIds/\(index)", message: OrganisationMessages.unknownCourse))
        }
        if let program = details.programID, kinds[program] != "certification" {
            errors.append(FieldError(pointer: "/programId", message: OrganisationMessages.unknownProgramme))
        }
        guard errors.isEmpty else { throw Refusal(.validation, errors: errors) }
    }

    /// Draws codes until one is free (a clash among 31^8 codes is rare; five draws make it
    /// vanishingly so) and gives it to the class.
    private func newJoinCode(for classID: UUID, on connection: PostgresConnection) async throws -> String {
        for _ in 0..<5 {
            let code = JoinCode.generate(random: context.random)
            if try await ClassStore.setJoinCode(code, classID: classID, on: connection, logger: logger) { return code }
        }
        throw Refusal(.internalError)
    }

    /// The classes of an organisation the caller manages.
    public func classes(of organisationID: String, for principal: Principal) async throws -> [Cohort] {
        try await database.withConnection { connection in
            let scope = try await OrganisationService.scope(of: principal, on: connection, logger: logger)
            guard let organisation = try await OrganisationStore.organisation(organisationID, on: connection, logger: logger),
                scope.map(organisation.isWithin) ?? true
            else { throw Refusal(.notFound) }
            return try await ClassStore.cohorts(of: organisationID, on: connection, logger: logger)
        }
    }

    /// A class the caller manages, with its join code.
    public func cohort(_ classID: String, for principal: Principal) async throws -> Cohort {
        try await database.withConnection { connection in
            try await managed(classID, by: principal, on: connection)
        }
    }

    /// A new join code for the class; the one it replaces stops working at once.
    public func replaceJoinCode(of classID: String, by principal: Principal) async throws -> Cohort {
        let cohort = try await database.withTransaction { connection -> Cohort in
            var cohort = try await managed(classID, by: principal, on: connection)
            cohort.joinCode = try await newJoinCode(for: cohort.id, on: connection)
            return cohort
        }
        logger.info("join code replaced", metadata: ["class": "\(cohort.id)"])
        return cohort
    }

    /// Withdraws the class's join code: nobody joins with it any more.
    public func revokeJoinCode(of classID: String, by principal: Principal) async throws {
        let id = try await database.withTransaction { connection -> UUID in
            let cohort = try await managed(classID, by: principal, on: connection)
            _ = try await ClassStore.setJoinCode(nil, classID: cohort.id, on: connection, logger: logger)
            return cohort.id
        }
        logger.info("join code revoked", metadata: ["class": "\(id)"])
    }

    /// Joins a signed-in person to the class whose code they typed.
    public func join(code typed: String?, principal: Principal) async throws -> Membership {
        guard let typed, let code = JoinCode.normalize(typed) else {
            throw Refusal.invalidField("/classCode", OrganisationMessages.badJoinCode)
        }
        let now = context.clock.now()
        let outcome = try await database.withTransaction { connection in
            try await ClassStore.join(code: code, learnerID: principal.learnerID, now: now, on: connection, logger: logger)
        }
        switch outcome {
        case .joined(let classID, let joinedAt):
            logger.info("joined class", metadata: ["class": "\(classID)", "learner": "\(principal.learnerID)"])
            return Membership(classID: classID, joinedAt: joinedAt)
        case .unknownCode: throw Refusal.invalidField("/classCode", OrganisationMessages.badJoinCode)
        case .full: throw Self.classFull
        }
    }

    /// The classes the signed-in person is in now, newest joined first; never anyone else in them.
    public func myClasses(_ principal: Principal) async throws -> [MyClass] {
        try await database.withConnection { connection in
            try await ClassStore.memberships(of: principal.learnerID, includingLeft: false, on: connection, logger: logger)
        }
    }

    /// Leaves a class the caller belongs to; their seat stays taken (see `classes.seats_taken`).
    public func leave(_ classID: String, principal: Principal) async throws {
        guard let id = UUID(uuidString: classID) else { throw Refusal(.notFound) }
        let now = context.clock.now()
        let left = try await database.withTransaction { connection in
            try await ClassStore.leave(learnerID: principal.learnerID, classID: id, now: now, on: connection, logger: logger)
        }
        guard left else { throw Refusal(.notFound) }
        logger.info("left class", metadata: ["class": "\(id)", "learner": "\(principal.learnerID)"])
    }

    /// The class, when the caller manages its organisation; another branch's class is not found.
    func managed(_ classID: String, by principal: Principal, on connection: PostgresConnection) async throws -> Cohort {
        let scope = try await OrganisationService.scope(of: principal, on: connection, logger: logger)
        guard let id = UUID(uuidString: classID),
            let located = try await ClassStore.cohort(id, on: connection, logger: logger),
            scope.map({ !$0.isDisjoint(with: located.organisationPath) }) ?? true
        else { throw Refusal(.notFound) }
        return located.cohort
    }
}
