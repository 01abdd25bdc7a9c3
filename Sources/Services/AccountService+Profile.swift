import Domain
import Foundation
import Logging
import Persistence

/// A signed-in person's own account: profile, password, contacts, export and erasure.
extension AccountService {
    static let wrongPassword = LocalizedText(vi: "Mật khẩu không đúng.", en: "The password is not right.")

    /// The signed-in person's account; an erased one is no longer signed in.
    public func account(_ principal: Principal) async throws -> Account {
        let account = try await database.withConnection { connection in
            try await AccountStore.account(learnerID: principal.learnerID, on: connection, logger: logger)
        }
        guard let account else { throw Refusal(.unauthorized) }
        return account
    }

    /// Changes the profile from the fields of a profile form; every invalid field at once.
    public func updateProfile(_ principal: Principal, values: [String: FormValue]) async throws -> Account {
        let now = context.clock.now()
        let account = try await account(principal)
        let current = CurrentProfile(
            granted: Set(account.consents.compactMap { ConsentPurpose(rawValue: $0.purpose) }),
            province: account.province,
            sex: account.sex.flatMap(Sex.init(rawValue:)),
            groups: account.groups.compactMap(LearnerGroup.init(rawValue:)),
            guardianConfirmed: account.guardianConsent == "confirmed"
        )
        let update: ProfileUpdate
        switch ProfileUpdate.validate(values, current: current, now: now) {
        case .success(let valid): update = valid
        case .failure(let failure): throw Refusal.validation(failure)
        }
        var change = AccountStore.ProfileChange()
        change.displayName = update.displayName
        change.locale = update.locale
        change.birthYear = update.birthYear
        change.province = .some(update.province)
        change.sex = .some(update.sex)
        change.groups = update.groups
        let day = VietnamDay(of: now)
        let updated = try await database.withTransaction { connection in
            if update.provinceChanged, let province = update.province,
                !(try await AccountStore.provinceIsValid(province, on: day.text, connection: connection, logger: logger))
            {
                throw Refusal.invalidField("/province", Self.unknownProvince)
            }
            try await AccountStore.update(learnerID: principal.learnerID, change: change, now: now, on: connection, logger: logger)
            try await AccountStore.recordConsents(
                learnerID: principal.learnerID,
                grants: update.grants,
                withdrawals: update.withdrawals,
                now: now,
                on: connection,
                logger: logger
            )
            return try await AccountStore.account(learnerID: principal.learnerID, on: connection, logger: logger)
        }
        guard let updated else { throw Refusal(.unauthorized) }
        return updated
    }

    /// The problem with a new password for this account (its name and contacts count as
    /// personal), if any.
    public func newPasswordProblem(_ password: String, for account: Account) -> LocalizedText? {
        passwordPolicy.problem(with: password, personal: [account.displayName] + account.contacts.map(\.value))
    }

    /// Changes the password after checking the current one; every other session ends.
    public func changePassword(_ principal: Principal, current: String, new: String) async throws {
        try await checkCurrentPassword(current, principal: principal, pointer: "/currentPassword")
        let hash = try await hashPassword(new.precomposedStringWithCanonicalMapping)
        let now = context.clock.now()
        try await database.withTransaction { connection in
            try await AccountStore.setPasswordHash(learnerID: principal.learnerID, hash: hash, now: now, on: connection, logger: logger)
            try await TokenStore.revokeAll(learnerID: principal.learnerID, keeping: principal.chainID, now: now, on: connection, logger: logger)
        }
        logger.info("password changed", metadata: ["learner": "\(principal.learnerID)"])
    }

    /// Re-checks a signed-in person's password, throttled like sign-in so a stolen session
    /// cannot guess it.
    func checkCurrentPassword(_ password: String, principal: Principal, pointer: String) async throws {
        let key = throttle.key("password-check", principal.learnerID.uuidString)
        try await checkThrottle([key])
        let stored = try await database.withConnection { connection in
            try await AccountStore.passwordHash(learnerID: principal.learnerID, on: connection, logger: logger)
        }
        guard let stored, try await verifyPassword(password, against: stored) else {
            try await throttle.record(key, policy: .signInPerAccount, now: context.clock.now(), in: database)
            // Well-formed but not the caller's password: refused, not invalid.
            throw Refusal(.forbidden, detail: Self.wrongPassword, errors: [FieldError(pointer: pointer, message: Self.wrongPassword)])
        }
        try await throttle.reset(key, in: database)
    }

    /// Sends a new code to one of the caller's unverified contacts.
    public func sendContactCode(_ principal: Principal, to identifier: ContactIdentifier) async throws {
        let now = context.clock.now()
        let key = throttle.key("send-code", principal.learnerID.uuidString)
        try await checkThrottle([key])
        let code = VerificationCodeStore.newCode()
        let account = try await account(principal)
        let contact = try await database.withTransaction { connection -> Account.Contact in
            guard
                let contact = try await AccountStore.contact(learnerID: principal.learnerID, value: identifier.value, on: connection, logger: logger)
            else {
                throw Refusal(.notFound)
            }
            guard !contact.verified else {
                throw Refusal(
                    .conflict,
                    detail: LocalizedText(vi: "Thông tin liên hệ này đã được xác minh.", en: "This contact is already verified.")
                )
            }
            try await codes.store(
                code,
                learnerID: principal.learnerID,
                purpose: contact.purpose == "guardian" ? .guardian : .contact,
                contact: identifier.value,
                now: now,
                on: connection,
                logger: logger
            )
            return contact
        }
        try await throttle.record(key, policy: .sensitiveActions, now: now, in: database)
        await deliver(
            CodeNotification(
                purpose: contact.purpose == "guardian" ? .guardianConsent : .verifyContact,
                recipient: identifier,
                code: code,
                language: Language(rawValue: account.locale) ?? .fallback
            )
        )
    }

    /// Verifies one of the caller's contacts, or a contact they asked to add
    /// (`requestContactAddition`), with its code; returns the account as it now stands.
    public func verifyContact(_ principal: Principal, identifier: ContactIdentifier, code: String) async throws -> Account {
        let now = context.clock.now()
        // The transaction commits a wrong try too, so that a code's tries are really counted.
        let verified = try await database.withTransaction { connection -> Bool in
            guard
                let contact = try await AccountStore.contact(learnerID: principal.learnerID, value: identifier.value, on: connection, logger: logger)
            else {
                switch try await confirmContactAddition(
                    learnerID: principal.learnerID,
                    identifier: identifier,
                    code: code,
                    now: now,
                    on: connection
                ) {
                case .added: return true
                case .wrongCode: return false
                case .notAsked: throw Refusal(.notFound)
                }
            }
            let purpose: VerificationCodeStore.Purpose = contact.purpose == "guardian" ? .guardian : .contact
            guard
                try await codes.consume(
                    code,
                    learnerID: principal.learnerID,
                    purpose: purpose,
                    contact: identifier.value,
                    now: now,
                    on: connection,
                    logger: logger
                )
            else {
                return false
            }
            return try await AccountStore.markVerified(
                learnerID: principal.learnerID,
                purpose: contact.purpose,
                value: identifier.value,
                now: now,
                on: connection,
                logger: logger
            )
        }
        guard verified else { throw Refusal.invalidField("/code", Self.wrongCode) }
        logger.info("contact verified", metadata: ["learner": "\(principal.learnerID)", "kind": "\(identifier.kind)"])
        return try await account(principal)
    }

    /// Erases the caller's personal data after checking their password.
    public func erase(_ principal: Principal, password: String) async throws {
        try await checkCurrentPassword(password, principal: principal, pointer: "/password")
        let now = context.clock.now()
        try await database.withTransaction { connection in
            try await AccountStore.erase(learnerID: principal.learnerID, now: now, on: connection, logger: logger)
            // Statements not yet sent go with the person; the queue refuses new ones for them.
            try await StatementOutbox.forget(learnerID: principal.learnerID, on: connection, logger: logger)
        }
        logger.info("learner erased", metadata: ["learner": "\(principal.learnerID)"])
    }
}
