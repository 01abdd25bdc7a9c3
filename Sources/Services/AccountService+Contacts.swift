import Domain
import Foundation
import Logging
import Persistence
import PostgresNIO

/// Adding a contact later (issue 19, item 4): a managed account, or anyone, adds an email address
/// or phone number to their account. A code is sent there; confirming it with
/// `verifyContact` makes the contact a verified sign-in identifier, good for signing in and for
/// password resets.
extension AccountService {
    static let alreadyYours = Refusal(
        .conflict,
        detail: LocalizedText(vi: "Thông tin liên hệ này đã có trong tài khoản của bạn.", en: "This contact is already on your account."),
        errors: [
            FieldError(
                pointer: "/contact",
                message: LocalizedText(vi: "Đã có trong tài khoản của bạn.", en: "Already on your account.")
            )
        ]
    )

    /// Sends a code to a contact the caller wants to add; nothing is added until it is confirmed.
    ///
    /// Whether another account holds the contact is not said here: the code goes out either way,
    /// and only someone who can read it learns, on confirming, that the contact is taken. So the
    /// answer tells a stranger nothing about who has an account. Throttled per account (with the
    /// other codes it asks for) and per contact, so nobody is flooded with codes.
    public func requestContactAddition(_ principal: Principal, contact identifier: ContactIdentifier) async throws {
        let now = context.clock.now()
        let accountKey = throttle.key("send-code", principal.learnerID.uuidString)
        let contactKey = throttle.key("add-contact", identifier.value)
        try await checkThrottle([accountKey, contactKey])
        let account = try await account(principal)
        // A guardian contact stays the guardian's: it is not also made a way into the account.
        if account.contacts.contains(where: { $0.value == identifier.value }) {
            throw Self.alreadyYours
        }
        let code = VerificationCodeStore.newCode()
        try await database.withTransaction { connection in
            try await codes.store(
                code,
                learnerID: principal.learnerID,
                purpose: .newContact,
                contact: identifier.value,
                now: now,
                on: connection,
                logger: logger
            )
        }
        for key in [accountKey, contactKey] {
            try await throttle.record(key, policy: .sensitiveActions, now: now, in: database)
        }
        logger.info("contact addition asked", metadata: ["learner": "\(principal.learnerID)", "kind": "\(identifier.kind)"])
        await deliver(
            CodeNotification(purpose: .verifyContact, recipient: identifier, code: code, language: Language(rawValue: account.locale) ?? .fallback)
        )
    }

    enum AdditionOutcome {
        case added
        case wrongCode
        case notAsked
    }

    /// Confirms a contact asked for with `requestContactAddition`, in the caller's transaction.
    /// A wrong try is counted; a contact taken by another account is a conflict, said only now
    /// that the code proved the caller can read that contact.
    func confirmContactAddition(
        learnerID: UUID,
        identifier: ContactIdentifier,
        code: String,
        now: Date,
        on connection: PostgresConnection
    ) async throws -> AdditionOutcome {
        guard try await codes.isPending(learnerID: learnerID, purpose: .newContact, contact: identifier.value, on: connection, logger: logger)
        else { return .notAsked }
        guard
            try await codes.consume(
                code,
                learnerID: learnerID,
                purpose: .newContact,
                contact: identifier.value,
                now: now,
                on: connection,
                logger: logger
            )
        else { return .wrongCode }
        do {
            try await AccountStore.addVerifiedSignInContact(learnerID: learnerID, identifier: identifier, now: now, on: connection, logger: logger)
        } catch is AccountStore.IdentifierTaken {
            throw Self.identifierTaken
        }
        return .added
    }
}
