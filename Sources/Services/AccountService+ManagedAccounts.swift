import Domain
import Foundation
import NIOCore
import Persistence
import PostgresNIO

extension AccountService {
    /// The people for managed accounts, as the manager sent them.
    public enum ManagedPeople: Sendable {
        /// The JSON body's fields: `people`, a list of persons.
        case fields([String: FormValue])
        /// A CSV file (`ManagedPeopleCSV`).
        case csv(String)
    }

    static let maximumManagedPeople = 200

    /// Creates a managed account for each person, all or nothing, as members of a class the
    /// caller manages, and returns their cards: the only time the codes are shown. Every invalid
    /// field is refused at once, named by person (`/people/2/birthYear`) or CSV line
    /// (`/lines/3/birth_year`); a class without enough seats for everyone is a conflict.
    public func createManagedAccounts(in classID: String, _ people: ManagedPeople, by principal: Principal) async throws -> ManagedCardSheet {
        let now = context.clock.now()
        let expiresAt = now.addingTimeInterval(FirstSignInCode.lifetime)
        let (sheet, guardianCodes) = try await database.withTransaction { connection -> (ManagedCardSheet, [CodeNotification]) in
            let cohort = try await ClassService(context: context).managed(classID, by: principal, on: connection)
            let organisation = try await OrganisationStore.organisation(cohort.organisationID, on: connection, logger: logger)
            let persons = try validate(people, now: now, unknownAgeMayBeChild: organisation?.kind == .school)
            guard try await ManagedAccountStore.takeSeats(persons.count, classID: cohort.id, on: connection, logger: logger) else {
                throw Refusal(.conflict, detail: ManagedAccountMessages.notEnoughSeats)
            }
            let names = try await freeSignInNames(persons.count, on: connection)
            var cards: [ManagedCard] = []
            var guardianCodes: [CodeNotification] = []
            var generator = SystemRandomNumberGenerator()
            for (person, name) in zip(persons, names) {
                let learnerID = context.random.uuid()
                let code = FirstSignInCode.generate(using: &generator)
                let contact = person.guardianContact
                try await ManagedAccountStore.insert(
                    .init(learnerID: learnerID, person: person, signInName: name, codeHash: cardHash(code, learnerID: learnerID)),
                    classID: cohort.id,
                    createdBy: principal.learnerID,
                    guardianPending: contact != nil,
                    codeExpiresAt: expiresAt,
                    now: now,
                    on: connection,
                    logger: logger
                )
                if let contact {
                    // The guardian confirms with a code sent to them, as at registration.
                    let guardianCode = VerificationCodeStore.newCode()
                    try await codes.store(
                        guardianCode,
                        learnerID: learnerID,
                        purpose: .guardian,
                        contact: contact.value,
                        now: now,
                        on: connection,
                        logger: logger
                    )
                    guardianCodes.append(CodeNotification(purpose: .guardianConsent, recipient: contact, code: guardianCode, language: .vi))
                }
                try await context.statements.add([.registered], learnerID: learnerID, at: now, random: context.random, on: connection, logger: logger)
                cards.append(ManagedCard(learnerID: learnerID, displayName: person.displayName, signInName: name, code: code, expiresAt: expiresAt))
            }
            return (ManagedCardSheet(classID: cohort.id, className: cohort.details.name, cards: cards), guardianCodes)
        }
        logger.info("managed accounts created", metadata: ["class": "\(sheet.classID)", "count": "\(sheet.cards.count)"])
        for notification in guardianCodes { await deliver(notification) }
        return sheet
    }

    /// A new card for a managed account of a class the caller manages: a new code, and the old
    /// one stops working at once. It serves a lost card before the first sign-in and, for people
    /// without a contact to reset a password with, a forgotten password after it: the code then
    /// sets a new password and ends every session. Audited.
    public func reissueCard(in classID: String, learnerID: String, by principal: Principal) async throws -> ManagedCardSheet {
        let now = context.clock.now()
        let expiresAt = now.addingTimeInterval(FirstSignInCode.lifetime)
        var generator = SystemRandomNumberGenerator()
        let code = FirstSignInCode.generate(using: &generator)
        let sheet = try await database.withTransaction { connection -> ManagedCardSheet in
            let cohort = try await ClassService(context: context).managed(classID, by: principal, on: connection)
            guard let id = UUID(uuidString: learnerID),
                let member = try await ManagedAccountStore.member(learnerID: id, classID: cohort.id, on: connection, logger: logger)
            else { throw Refusal(.notFound, detail: ManagedAccountMessages.notManaged) }
            try await ManagedAccountStore.replaceCode(
                learnerID: id,
                codeHash: cardHash(code, learnerID: id),
                expiresAt: expiresAt,
                actorID: principal.learnerID,
                now: now,
                on: connection,
                logger: logger
            )
            let card = ManagedCard(learnerID: id, displayName: member.displayName, signInName: member.signInName, code: code, expiresAt: expiresAt)
            return ManagedCardSheet(classID: cohort.id, className: cohort.details.name, cards: [card])
        }
        logger.info("sign-in card reissued", metadata: ["class": "\(sheet.classID)", "learner": "\(learnerID)"])
        return sheet
    }

    /// Signs a managed account in with its card's code, once: sets the password the person chose,
    /// records their consents (the terms are theirs to accept, not the manager's), uses the code
    /// up and opens a session. A wrong, used or expired code and an unknown name are one answer
    /// (unauthorized), throttled with ordinary sign-ins of the same name and address.
    public func firstSignIn(_ values: [String: FormValue], clientAddress: String) async throws -> TokenStore.Issued {
        let now = context.clock.now()
        let request: FirstSignIn
        switch FirstSignIn.validate(values, passwordPolicy: passwordPolicy) {
        case .success(let valid): request = valid
        case .failure(let failure): throw Refusal.validation(failure)
        }
        let pairKey = throttle.key("sign-in-pair", "\(request.signInName) \(clientAddress)")
        let accountKey = throttle.key("sign-in", request.signInName)
        let addressKey = throttle.key("sign-in-address", clientAddress)
        try await checkThrottle([pairKey, accountKey, addressKey])
        // Hashed before the code is checked, so the answer takes as long for an unknown name.
        let passwordHash = try await hashPassword(request.password)
        let code = FirstSignInCode.normalize(request.code)
        let deviceHash = request.deviceKey.map(deviceHash)
        let chainID = context.random.uuid()
        let issued = try await database.withTransaction { connection -> (UUID, TokenStore.Issued)? in
            guard SignInName.isWellFormed(request.signInName), let code,
                let card = try await ManagedAccountStore.card(signInName: request.signInName, now: now, on: connection, logger: logger),
                let stored = card.codeHash,
                Self.constantTimeEqual(stored, cardHash(code, learnerID: card.learnerID))
            else { return nil }
            let learnerID = card.learnerID
            try await ManagedAccountStore.consumeCode(learnerID: learnerID, now: now, on: connection, logger: logger)
            try await AccountStore.setPasswordHash(learnerID: learnerID, hash: passwordHash, now: now, on: connection, logger: logger)
            // A re-issued card replaces a forgotten password: whoever held a session loses it.
            try await TokenStore.revokeAll(learnerID: learnerID, keeping: nil, now: now, on: connection, logger: logger)
            try await AccountStore.recordConsents(
                learnerID: learnerID,
                grants: request.consents,
                withdrawals: [],
                now: now,
                on: connection,
                logger: logger
            )
            if let deviceHash {
                try await AccountStore.linkDevice(learnerID: learnerID, deviceHash: deviceHash, now: now, on: connection, logger: logger)
                try await ReachStore.linkDevice(hash: deviceHash, day: VietnamDay(of: now).text, on: connection, logger: logger)
            }
            try await AccountStore.rememberSignInAddress(
                learnerID: learnerID,
                addressHash: addressHash(clientAddress),
                now: now,
                on: connection,
                logger: logger
            )
            let issued = try await TokenStore.issue(
                learnerID: learnerID,
                chainID: chainID,
                now: now,
                lifetimes: lifetimes,
                on: connection,
                logger: logger
            )
            return (learnerID, issued)
        }
        guard let issued else {
            try await throttle.record(pairKey, policy: .signInPerAccountAndAddress, now: now, in: database)
            try await throttle.record(accountKey, policy: .signInPerAccount, now: now, in: database)
            try await throttle.record(addressKey, policy: .signInPerAddress, now: now, in: database)
            logger.notice("first sign-in failed")
            throw Refusal(.unauthorized, detail: ManagedAccountMessages.wrongCard)
        }
        try await throttle.reset(pairKey, in: database)
        logger.info("first sign-in", metadata: ["learner": "\(issued.0)"])
        return issued.1
    }

    /// The keyed hash a card's code is stored as, bound to its account so that a code copied onto
    /// another account's row would not match.
    func cardHash(_ code: String, learnerID: UUID) -> ByteBuffer {
        ByteBuffer(bytes: hash("sign-in-card", "\(learnerID.uuidString)|\(code)"))
    }

    /// Compares two hashes in time that depends only on their length, not on where they differ.
    static func constantTimeEqual(_ a: ByteBuffer, _ b: ByteBuffer) -> Bool {
        let left = Array(a.readableBytesView)
        let right = Array(b.readableBytesView)
        guard left.count == right.count else { return false }
        return zip(left, right).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }

    /// Every person valid, or every invalid field (by person, or by CSV line and column).
    private func validate(_ people: ManagedPeople, now: Date, unknownAgeMayBeChild: Bool) throws -> [ManagedPerson] {
        var persons: [ManagedPerson] = []
        var errors: [FieldError] = []
        switch people {
        case .fields(let values):
            var reader = FormReader(values)
            let items = reader.require(reader.objectArray("people"), "people") ?? []
            errors = reader.errors
            for (index, item) in items.enumerated() {
                switch ManagedPerson.validate(item, prefix: "/people/\(index)", now: now, unknownAgeMayBeChild: unknownAgeMayBeChild) {
                case .success(let person): persons.append(person)
                case .failure(let failure): errors += failure.errors
                }
            }
            if errors.isEmpty, !(1...Self.maximumManagedPeople).contains(items.count) {
                errors.append(FieldError(pointer: "/people", message: ManagedAccountMessages.noPeople))
            }
        case .csv(let text):
            let rows: [ManagedPeopleCSV.Row]
            switch ManagedPeopleCSV.rows(text) {
            case .success(let read): rows = read
            case .failure(let failure): throw Refusal.validation(failure)
            }
            for row in rows {
                switch ManagedPerson.validate(row.fields, prefix: "", now: now, unknownAgeMayBeChild: unknownAgeMayBeChild) {
                case .success(let person): persons.append(person)
                case .failure(let failure):
                    errors += failure.errors.map { error in
                        let field = error.pointer.split(separator: "/").first.map(String.init) ?? ""
                        return FieldError(pointer: "/lines/\(row.line)/\(ManagedPeopleCSV.column(ofField: field))", message: error.message)
                    }
                }
            }
            if errors.isEmpty, !(1...Self.maximumManagedPeople).contains(rows.count) {
                errors.append(FieldError(pointer: "/lines", message: ManagedAccountMessages.noPeople))
            }
        }
        guard errors.isEmpty else { throw Refusal(.validation, errors: errors) }
        return persons
    }

    /// `count` distinct sign-in names nobody has; a clash among 31^6 names is rare, and each
    /// round draws again only for the names that clashed.
    private func freeSignInNames(_ count: Int, on connection: PostgresConnection) async throws -> [String] {
        var names: [String] = []
        for _ in 0..<5 {
            var candidates = Set(names)
            while candidates.count < count { candidates.insert(SignInName.generate(random: context.random)) }
            let taken = try await ManagedAccountStore.takenNames(Array(candidates), on: connection, logger: logger)
            names = Array(candidates.subtracting(taken))
            if names.count == count { return names }
        }
        throw Refusal(.internalError)
    }
}
