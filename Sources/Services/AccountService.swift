import Crypto
import Domain
import Foundation
import Logging
import NIOCore
import PasswordHashing
import Persistence

/// Accounts: registration, sign-in, sessions, password resets. Profile, contacts, export and
/// erasure are in `AccountService+Profile.swift`.
public struct AccountService: Sendable {
    let context: ServiceContext
    let hasher: PasswordHasher
    let passwordPolicy: PasswordPolicy
    let notifier: any Notifier
    let throttle: ThrottleStore
    let codes: VerificationCodeStore
    let lifetimes: TokenStore.Lifetimes
    let hash: KeyedHash

    public init(context: ServiceContext, hasher: PasswordHasher, passwordPolicy: PasswordPolicy, notifier: any Notifier, secretKey: [UInt8]) {
        let secret = SymmetricKey(data: secretKey)
        self.context = context
        self.hasher = hasher
        self.passwordPolicy = passwordPolicy
        self.notifier = notifier
        self.throttle = ThrottleStore(secret: secret)
        self.codes = VerificationCodeStore(secret: secret)
        self.lifetimes = TokenStore.Lifetimes()
        self.hash = KeyedHash(secretKey: secretKey)
    }

    var database: Database { context.database }
    var logger: Logger { context.logger }

    static let invalidCredentials = Refusal(
        .unauthorized,
        detail: LocalizedText(
            vi: "Email, số điện thoại hoặc mật khẩu không đúng.",
            en: "The email address, phone number or password is not right."
        )
    )

    static let unknownProvince = LocalizedText(
        vi: "Mã tỉnh, thành phố không tồn tại hoặc không còn hiệu lực.",
        en: "There is no province in force with this code."
    )

    static let identifierTaken = Refusal(
        .conflict,
        detail: LocalizedText(
            vi: "Email hoặc số điện thoại này đã có tài khoản. Hãy đăng nhập, hoặc đặt lại mật khẩu nếu bạn quên.",
            en: "This email address or phone number already has an account. Sign in, or reset the password if you forgot it."
        )
    )

    static let wrongCode = LocalizedText(vi: "Mã không đúng hoặc đã hết hạn.", en: "The code is wrong or has expired.")

    /// The keyed hash that stands in for a front's device key: the key itself is never stored.
    func deviceHash(_ deviceKey: String) -> ByteBuffer {
        keyedHash("device", deviceKey)
    }

    /// The keyed hash that stands for a client address in the sign-in history.
    func addressHash(_ address: String) -> ByteBuffer {
        keyedHash("address", address)
    }

    private func keyedHash(_ kind: String, _ value: String) -> ByteBuffer {
        ByteBuffer(bytes: hash(kind, value))
    }

    /// Refuses while any of `keys` is blocked.
    func checkThrottle(_ keys: [ByteBuffer]) async throws {
        if let retryAfter = try await throttle.retryAfter(keys, now: context.clock.now(), in: database) {
            throw Refusal(.tooManyRequests, retryAfterSeconds: retryAfter)
        }
    }

    /// Checks a password with the bounded hashing pool; a full pool is a moment's busy.
    func verifyPassword(_ password: String, against hash: String) async throws -> Bool {
        do {
            return try await hasher.verify(password, against: hash)
        } catch is PasswordHasher.Busy {
            throw Refusal.busy
        }
    }

    func hashPassword(_ password: String) async throws -> String {
        do {
            return try await hasher.hash(password)
        } catch is PasswordHasher.Busy {
            throw Refusal.busy
        }
    }

    /// Sends a code after the transaction that stored it has committed; a failed delivery is
    /// logged, and the person can ask for a new code.
    func deliver(_ notification: CodeNotification) async {
        do {
            try await notifier.send(notification)
        } catch {
            logger.error("notification failed", metadata: ["purpose": "\(notification.purpose.rawValue)", "error": "\(String(reflecting: error))"])
        }
    }

    /// Registers a person from the fields of a registration form, throttled per address; every
    /// invalid field is refused at once. Returns the first session.
    ///
    /// A `classCode` joins the person to that class in the same transaction. A valid code of a
    /// class with a seat left lets the registration past the per-address limit: a training
    /// session puts a whole room behind one address. The seat is taken under the class's lock, so
    /// a leaked code creates at most the class's capacity of accounts.
    public func register(_ values: [String: FormValue], clientAddress: String) async throws -> TokenStore.Issued {
        let now = context.clock.now()
        let admission = try await classAdmission(values)
        if admission.room != .available {
            let addressKey = throttle.key("register-address", clientAddress)
            try await checkThrottle([addressKey])
            try await throttle.record(addressKey, policy: .sensitiveActions, now: now, in: database)
        }

        var errors: [FieldError] = admission.errors
        var valid: Registration?
        switch Registration.validate(values, now: now, passwordPolicy: passwordPolicy) {
        case .success(let registration): valid = registration
        case .failure(let failure): errors = failure.errors
        }
        // Domain checked the code's form; whether such a province is in force is the database's to say.
        if case .string(let text)? = values["province"], !errors.contains(where: { $0.pointer == "/province" }) {
            let province = text.trimmingCharacters(in: .whitespaces)
            let day = VietnamDay(of: now)
            let known = try await database.withConnection { connection in
                try await AccountStore.provinceIsValid(province, on: day.text, connection: connection, logger: logger)
            }
            if !known { errors.append(FieldError(pointer: "/province", message: Self.unknownProvince)) }
        }
        guard errors.isEmpty, let registration = valid else { throw Refusal(.validation, errors: errors) }
        if admission.room == .full { throw ClassService.classFull }

        let passwordHash = try await hashPassword(registration.password)
        let learnerID = context.random.uuid()
        let contactCode = VerificationCodeStore.newCode()
        let guardianCode = VerificationCodeStore.newCode()
        let deviceHash = registration.deviceKey.map(deviceHash)
        let chainID = context.random.uuid()
        let issued: TokenStore.Issued
        do {
            issued = try await database.withTransaction { connection in
                try await AccountStore.create(
                    id: learnerID,
                    registration: registration,
                    passwordHash: passwordHash,
                    deviceHash: deviceHash,
                    now: now,
                    on: connection,
                    logger: logger
                )
                if let code = admission.code {
                    switch try await ClassStore.join(code: code, learnerID: learnerID, now: now, on: connection, logger: logger) {
                    case .joined: break
                    case .unknownCode: throw Refusal.invalidField("/classCode", OrganisationMessages.badJoinCode)
                    case .full: throw ClassService.classFull
                    }
                }
                try await context.statements.add([.registered], learnerID: learnerID, at: now, random: context.random, on: connection, logger: logger)
                try await codes.store(
                    contactCode,
                    learnerID: learnerID,
                    purpose: .contact,
                    contact: registration.identifier.value,
                    now: now,
                    on: connection,
                    logger: logger
                )
                if let guardian = registration.guardianContact {
                    try await codes.store(
                        guardianCode,
                        learnerID: learnerID,
                        purpose: .guardian,
                        contact: guardian.value,
                        now: now,
                        on: connection,
                        logger: logger
                    )
                }
                if let deviceHash {
                    // The device now belongs to a person: it leaves the anonymous series from today.
                    try await ReachStore.linkDevice(hash: deviceHash, day: VietnamDay(of: now).text, on: connection, logger: logger)
                }
                try await AccountStore.rememberSignInAddress(
                    learnerID: learnerID,
                    addressHash: addressHash(clientAddress),
                    now: now,
                    on: connection,
                    logger: logger
                )
                return try await TokenStore.issue(
                    learnerID: learnerID,
                    chainID: chainID,
                    now: now,
                    lifetimes: lifetimes,
                    on: connection,
                    logger: logger
                )
            }
        } catch is AccountStore.IdentifierTaken {
            throw Self.identifierTaken
        }
        logger.info("learner registered", metadata: ["learner": "\(learnerID)", "guardian_needed": "\(registration.needsGuardianConsent)"])
        await deliver(CodeNotification(purpose: .verifyContact, recipient: registration.identifier, code: contactCode, language: registration.locale))
        if let guardian = registration.guardianContact {
            await deliver(CodeNotification(purpose: .guardianConsent, recipient: guardian, code: guardianCode, language: registration.locale))
        }
        return issued
    }

    /// Checks a password under the sign-in throttles and opens a session; the API's sign-in and
    /// the dashboard's form both come here. Wrong credentials, unknown accounts included, are one
    /// answer (unauthorized), a blocked key too many requests, a full hashing pool busy.
    ///
    /// Guessing is slowed without locking the owner out: failures count against the account and
    /// address pair (the guesser's own), the account and the address. A sign-in from a device or
    /// address the account signed in from before answers only to its own pair, so neither guesses
    /// from rotating addresses nor a crowd behind one school network keep the owner out.
    public func signIn(
        identifier identifierText: String,
        password: String,
        deviceKey: String?,
        clientAddress: String
    ) async throws -> TokenStore.Issued {
        let now = context.clock.now()
        // Unknown and malformed identifiers are throttled and answered exactly like wrong passwords.
        let identifier = ContactIdentifier.parse(identifierText)?.value ?? identifierText.lowercased()
        let pairKey = throttle.key("sign-in-pair", "\(identifier) \(clientAddress)")
        let accountKey = throttle.key("sign-in", identifier)
        let addressKey = throttle.key("sign-in-address", clientAddress)
        let deviceHash = deviceKey.map(deviceHash)
        let addressHash = addressHash(clientAddress)

        let before = try await database.withConnection { connection in
            try await SignInStore.before(
                identifier: identifier,
                deviceHash: deviceHash,
                addressHash: addressHash,
                pairKey: pairKey,
                otherKeys: [accountKey, addressKey],
                now: now,
                on: connection,
                logger: logger
            )
        }
        let record = before.record
        let fromKnownClient = record?.fromKnownClient ?? false
        if let until = before.blockedUntil {
            throw Refusal(.tooManyRequests, retryAfterSeconds: ThrottlePolicy.retryAfterSeconds(until: until, now: now))
        }
        let matches: Bool
        if let record {
            matches = try await verifyPassword(password, against: record.passwordHash)
        } else {
            do { try await hasher.verifyDummy(password) } catch is PasswordHasher.Busy { throw Refusal.busy }
            matches = false
        }
        guard let record, matches else {
            try await throttle.record(pairKey, policy: .signInPerAccountAndAddress, now: now, in: database)
            try await throttle.record(accountKey, policy: .signInPerAccount, now: now, in: database)
            try await throttle.record(addressKey, policy: .signInPerAddress, now: now, in: database)
            logger.notice("sign-in failed", metadata: ["known_account": "\(record != nil)", "known_client": "\(fromKnownClient)"])
            throw Self.invalidCredentials
        }
        let rehashed = hasher.needsRehash(record.passwordHash) ? try await hashPassword(password) : nil
        let chainID = context.random.uuid()
        let issued = try await database.withTransaction { connection in
            if let rehashed {
                try await AccountStore.setPasswordHash(learnerID: record.learnerID, hash: rehashed, now: now, on: connection, logger: logger)
            }
            if let deviceHash {
                try await AccountStore.linkDevice(learnerID: record.learnerID, deviceHash: deviceHash, now: now, on: connection, logger: logger)
                try await ReachStore.linkDevice(hash: deviceHash, day: VietnamDay(of: now).text, on: connection, logger: logger)
            }
            return try await SignInStore.open(
                learnerID: record.learnerID,
                chainID: chainID,
                pairKey: pairKey,
                addressHash: addressHash,
                now: now,
                lifetimes: lifetimes,
                on: connection,
                logger: logger
            )
        }
        logger.info("signed in", metadata: ["learner": "\(record.learnerID)", "rehashed": "\(rehashed != nil)"])
        return issued
    }

    /// A fresh pair for a live refresh token; any other text is simply not accepted.
    public func refresh(_ token: String) async throws -> TokenStore.Issued {
        switch try await TokenStore.refresh(token, now: context.clock.now(), lifetimes: lifetimes, in: database) {
        case .issued(let issued):
            return issued
        case .invalid:
            throw Refusal(.unauthorized)
        case .reused:
            logger.warning("refresh token reused after its grace; session revoked")
            throw Refusal(.unauthorized)
        }
    }

    /// The caller's principal for a bearer token, or nil when it is not live.
    public func authenticate(_ token: BearerToken) async throws -> Principal? {
        try await TokenStore.authenticate(token, now: context.clock.now(), in: database)
    }

    /// The caller's principal for a token's text, or nil when it is malformed or not live.
    public func authenticate(_ text: String) async throws -> Principal? {
        try await TokenStore.authenticate(text, now: context.clock.now(), in: database)
    }

    /// Ends the caller's session (every token of its chain).
    public func signOut(_ principal: Principal) async throws {
        try await endSession(learnerID: principal.learnerID, chainID: principal.chainID)
        logger.info("signed out", metadata: ["learner": "\(principal.learnerID)"])
    }

    /// Ends one session (every token of its chain).
    public func endSession(learnerID: UUID, chainID: UUID) async throws {
        let now = context.clock.now()
        // A transaction, so "signed out" is said only once the revocation is committed.
        try await database.withTransaction { connection in
            try await TokenStore.revokeChain(learnerID: learnerID, chainID: chainID, now: now, on: connection, logger: logger)
        }
    }

    /// How long an access token lives.
    public var accessLifetime: TimeInterval { lifetimes.access }

    /// Sends a reset code when `text` is someone's verified contact; says nothing either way.
    public func requestPasswordReset(identifier text: String, language: Language, clientAddress: String) async throws {
        let now = context.clock.now()
        let identifier = ContactIdentifier.parse(text)
        let keys = [
            throttle.key("reset", identifier?.value ?? text.lowercased()),
            throttle.key("reset-address", clientAddress),
        ]
        try await checkThrottle(keys)
        for key in keys {
            try await throttle.record(key, policy: .sensitiveActions, now: now, in: database)
        }
        guard let identifier else { return }
        let code = VerificationCodeStore.newCode()
        let sent = try await database.withTransaction { connection -> Bool in
            guard let learnerID = try await AccountStore.learnerWithVerifiedIdentifier(identifier.value, on: connection, logger: logger) else {
                return false
            }
            try await codes.store(
                code,
                learnerID: learnerID,
                purpose: .passwordReset,
                contact: identifier.value,
                now: now,
                on: connection,
                logger: logger
            )
            return true
        }
        if sent {
            await deliver(CodeNotification(purpose: .passwordReset, recipient: identifier, code: code, language: language))
        }
    }

    /// Sets a new password with a reset code and ends every session; a wrong code is one answer.
    public func confirmPasswordReset(identifier text: String, code: String, newPassword: String, clientAddress: String) async throws {
        let now = context.clock.now()
        let identifier = ContactIdentifier.parse(text)?.value ?? text.lowercased()
        let addressKey = throttle.key("reset-address", clientAddress)
        try await checkThrottle([addressKey])
        // Hashed before the code is checked, so the answer takes as long for an unknown account.
        let hash = try await hashPassword(newPassword.precomposedStringWithCanonicalMapping)
        let changed = try await database.withTransaction { connection -> UUID? in
            guard let learnerID = try await AccountStore.learnerWithVerifiedIdentifier(identifier, on: connection, logger: logger),
                try await codes.consume(
                    code,
                    learnerID: learnerID,
                    purpose: .passwordReset,
                    contact: identifier,
                    now: now,
                    on: connection,
                    logger: logger
                )
            else { return nil }
            try await AccountStore.setPasswordHash(learnerID: learnerID, hash: hash, now: now, on: connection, logger: logger)
            try await TokenStore.revokeAll(learnerID: learnerID, keeping: nil, now: now, on: connection, logger: logger)
            return learnerID
        }
        guard let learnerID = changed else {
            try await throttle.record(addressKey, policy: .sensitiveActions, now: now, in: database)
            throw Refusal.invalidField("/code", Self.wrongCode)
        }
        // Whoever was guessing the old password gets nothing from it now; the owner, perhaps on a
        // new phone, can sign in at once with the new one.
        try await throttle.reset(throttle.key("sign-in", identifier), in: database)
        logger.info("password reset", metadata: ["learner": "\(learnerID)"])
    }

    /// The problem with `password` under the password policy, if any.
    public func passwordProblem(_ password: String, personal: [String]) -> LocalizedText? {
        passwordPolicy.problem(with: password, personal: personal)
    }
}
