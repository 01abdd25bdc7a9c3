import APIContract
import Domain
import Foundation
import Logging
import PasswordHashing
import Persistence
import PostgresNIO

extension APIHandlers {
    static let invalidCredentials = Problem(
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

    func register(_ input: Operations.Register.Input) async throws -> Operations.Register.Output {
        guard case .json(let body) = input.body else { throw Problem(.unsupportedMediaType) }
        let now = clock.now()
        let addressKey = accounts.throttle.key("register-address", scope.clientAddress)
        try await checkThrottle([addressKey])
        try await accounts.throttle.record(addressKey, policy: .sensitiveActions, now: now, in: database)

        let values = try form(body)
        var errors: [FieldError] = []
        var valid: Registration?
        switch Registration.validate(values, now: now, passwordPolicy: accounts.passwordPolicy) {
        case .success(let registration): valid = registration
        case .failure(let failure): errors = failure.errors
        }
        // Domain checked the code's form; whether such a province is in force is the database's to say.
        if case .string(let text)? = values["province"], !errors.contains(where: { $0.pointer == "/province" }) {
            let province = text.trimmingCharacters(in: .whitespaces)
            let day = VietnamCalendar.day(of: now)
            let known = try await database.withConnection { connection in
                try await AccountStore.provinceIsValid(province, on: day, connection: connection, logger: logger)
            }
            if !known { errors.append(FieldError(pointer: "/province", message: Self.unknownProvince)) }
        }
        guard errors.isEmpty, let registration = valid else { throw Problem(.validation, errors: errors) }

        let passwordHash = try await hashPassword(registration.password)
        let learnerID = UUID()
        let contactCode = VerificationCodeStore.newCode()
        let guardianCode = VerificationCodeStore.newCode()
        let deviceHash = registration.deviceKey.map(accounts.deviceHash)
        let lifetimes = accounts.lifetimes
        let issued: TokenStore.Issued
        do {
            issued = try await database.withTransaction { connection in
                try await AccountStore.create(
                    id: learnerID, registration: registration, passwordHash: passwordHash, deviceHash: deviceHash,
                    now: now, on: connection, logger: logger
                )
                try await accounts.codes.store(
                    contactCode, learnerID: learnerID, purpose: .contact, contact: registration.identifier.value,
                    now: now, on: connection, logger: logger
                )
                if let guardian = registration.guardianContact {
                    try await accounts.codes.store(
                        guardianCode, learnerID: learnerID, purpose: .guardian, contact: guardian.value,
                        now: now, on: connection, logger: logger
                    )
                }
                if let deviceHash {
                    // The device now belongs to a person: it leaves the anonymous series from today.
                    try await ReachStore.linkDevice(hash: deviceHash, day: VietnamCalendar.day(of: now), on: connection, logger: logger)
                }
                return try await TokenStore.issue(
                    learnerID: learnerID, chainID: UUID(), now: now, lifetimes: lifetimes, on: connection, logger: logger
                )
            }
        } catch is AccountStore.IdentifierTaken {
            throw Problem(
                .conflict,
                detail: LocalizedText(
                    vi: "Email hoặc số điện thoại này đã có tài khoản. Hãy đăng nhập, hoặc đặt lại mật khẩu nếu bạn quên.",
                    en: "This email address or phone number already has an account. Sign in, or reset the password if you forgot it."
                )
            )
        }
        logger.info("learner registered", metadata: ["learner": "\(learnerID)", "guardian_needed": "\(registration.needsGuardianConsent)"])
        await deliver(CodeNotification(purpose: .verifyContact, recipient: registration.identifier, code: contactCode, language: registration.locale))
        if let guardian = registration.guardianContact {
            await deliver(CodeNotification(purpose: .guardianConsent, recipient: guardian, code: guardianCode, language: registration.locale))
        }
        return .created(.init(body: .json(.init(issued))))
    }

    func login(_ input: Operations.Login.Input) async throws -> Operations.Login.Output {
        guard case .json(let body) = input.body else { throw Problem(.unsupportedMediaType) }
        var reader = FormReader(try form(body))
        let identifierText = reader.require(reader.string("identifier"), "identifier")
        let password = reader.require(reader.rawString("password"), "password")
        let deviceKey = reader.string("deviceKey")
        if let deviceKey, !DeviceKey.isWellFormed(deviceKey) {
            reader.fail("deviceKey", LocalizedText(vi: "Mã thiết bị không hợp lệ.", en: "The device key is not valid."))
        }
        guard reader.errors.isEmpty, let identifierText, let password else { throw Problem(.validation, errors: reader.errors) }
        let issued = try await signIn(identifier: identifierText, password: password, deviceKey: deviceKey)
        return .ok(.init(body: .json(.init(issued))))
    }

    /// Checks a password under the sign-in throttles and opens a session; the API's sign-in and
    /// the dashboard's form both come here. Wrong credentials, unknown accounts included, are one
    /// answer (401), a blocked key 429, a full hashing pool 503.
    func signIn(identifier identifierText: String, password: String, deviceKey: String?) async throws -> TokenStore.Issued {
        let now = clock.now()
        // Unknown and malformed identifiers are throttled and answered exactly like wrong passwords.
        let identifier = ContactIdentifier.parse(identifierText)?.value ?? identifierText.lowercased()
        let accountKey = accounts.throttle.key("sign-in", identifier)
        let addressKey = accounts.throttle.key("sign-in-address", scope.clientAddress)
        try await checkThrottle([accountKey, addressKey])

        let record = try await database.withConnection { connection in
            try await AccountStore.signInRecord(identifier: identifier, on: connection, logger: logger)
        }
        let matches: Bool
        if let record {
            matches = try await verifyPassword(password, against: record.passwordHash)
        } else {
            do { try await accounts.hasher.verifyDummy(password) } catch is PasswordHasher.Busy { throw Self.busy }
            matches = false
        }
        guard let record, matches else {
            try await accounts.throttle.record(accountKey, policy: .signInPerAccount, now: now, in: database)
            try await accounts.throttle.record(addressKey, policy: .signInPerAddress, now: now, in: database)
            logger.notice("sign-in failed", metadata: ["known_account": "\(record != nil)"])
            throw Self.invalidCredentials
        }
        try await accounts.throttle.reset(accountKey, in: database)
        let rehashed = accounts.hasher.needsRehash(record.passwordHash) ? try await hashPassword(password) : nil
        let deviceHash = deviceKey.map(accounts.deviceHash)
        let lifetimes = accounts.lifetimes
        let issued = try await database.withTransaction { connection in
            if let rehashed {
                try await AccountStore.setPasswordHash(learnerID: record.learnerID, hash: rehashed, now: now, on: connection, logger: logger)
            }
            if let deviceHash {
                try await AccountStore.linkDevice(learnerID: record.learnerID, deviceHash: deviceHash, now: now, on: connection, logger: logger)
                try await ReachStore.linkDevice(hash: deviceHash, day: VietnamCalendar.day(of: now), on: connection, logger: logger)
            }
            return try await TokenStore.issue(
                learnerID: record.learnerID, chainID: UUID(), now: now, lifetimes: lifetimes, on: connection, logger: logger
            )
        }
        logger.info("signed in", metadata: ["learner": "\(record.learnerID)", "rehashed": "\(rehashed != nil)"])
        return issued
    }

    func refresh(_ input: Operations.Refresh.Input) async throws -> Operations.Refresh.Output {
        guard case .json(let body) = input.body else { throw Problem(.unsupportedMediaType) }
        var reader = FormReader(try form(body))
        // Any text that is not a live refresh token, empty included, is simply not accepted.
        guard case .string(let token)? = reader.values["refreshToken"] else {
            reader.fail("refreshToken", LocalizedText(vi: "Cần có refreshToken dạng chuỗi.", en: "A refreshToken string is required."))
            throw Problem(.validation, errors: reader.errors)
        }
        switch try await TokenStore.refresh(token, now: clock.now(), lifetimes: accounts.lifetimes, in: database) {
        case .issued(let issued):
            return .ok(.init(body: .json(.init(issued))))
        case .invalid:
            throw Problem(.unauthorized)
        case .reused:
            logger.warning("refresh token reused after its grace; session revoked")
            throw Problem(.unauthorized)
        }
    }

    func logout(_ input: Operations.Logout.Input) async throws -> Operations.Logout.Output {
        let principal = try principal()
        let now = clock.now()
        try await database.withConnection { connection in
            try await TokenStore.revokeChain(learnerID: principal.learnerID, chainID: principal.chainID, now: now, on: connection, logger: logger)
        }
        logger.info("signed out", metadata: ["learner": "\(principal.learnerID)"])
        return .noContent(.init())
    }

    func requestPasswordReset(_ input: Operations.RequestPasswordReset.Input) async throws -> Operations.RequestPasswordReset.Output {
        guard case .json(let body) = input.body else { throw Problem(.unsupportedMediaType) }
        var reader = FormReader(try form(body))
        guard let text = reader.require(reader.string("identifier"), "identifier") else {
            throw Problem(.validation, errors: reader.errors)
        }
        let now = clock.now()
        let identifier = ContactIdentifier.parse(text)
        let keys = [
            accounts.throttle.key("reset", identifier?.value ?? text.lowercased()),
            accounts.throttle.key("reset-address", scope.clientAddress),
        ]
        try await checkThrottle(keys)
        for key in keys {
            try await accounts.throttle.record(key, policy: .sensitiveActions, now: now, in: database)
        }
        // The answer is the same whether or not a code is sent.
        if let identifier {
            let code = VerificationCodeStore.newCode()
            let sent = try await database.withTransaction { connection -> Bool in
                guard let learnerID = try await AccountStore.learnerWithVerifiedIdentifier(identifier.value, on: connection, logger: logger) else {
                    return false
                }
                try await accounts.codes.store(code, learnerID: learnerID, purpose: .passwordReset, contact: identifier.value, now: now, on: connection, logger: logger)
                return true
            }
            if sent {
                await deliver(CodeNotification(purpose: .passwordReset, recipient: identifier, code: code, language: scope.language))
            }
        }
        return .accepted(.init(body: .json(.init(status: .accepted))))
    }

    func confirmPasswordReset(_ input: Operations.ConfirmPasswordReset.Input) async throws -> Operations.ConfirmPasswordReset.Output {
        guard case .json(let body) = input.body else { throw Problem(.unsupportedMediaType) }
        var reader = FormReader(try form(body))
        let text = reader.require(reader.string("identifier"), "identifier")
        let code = reader.require(reader.string("code"), "code")
        let newPassword = reader.require(reader.rawString("newPassword"), "newPassword")
        if let newPassword, let problem = accounts.passwordPolicy.problem(with: newPassword, personal: [text].compactMap { $0 }) {
            reader.fail("newPassword", problem)
        }
        guard reader.errors.isEmpty, let text, let code, let newPassword else { throw Problem(.validation, errors: reader.errors) }

        let now = clock.now()
        let identifier = ContactIdentifier.parse(text)?.value ?? text.lowercased()
        let addressKey = accounts.throttle.key("reset-address", scope.clientAddress)
        try await checkThrottle([addressKey])
        // Hashed before the code is checked, so the answer takes as long for an unknown account.
        let hash = try await hashPassword(newPassword.precomposedStringWithCanonicalMapping)
        let changed = try await database.withTransaction { connection -> UUID? in
            guard let learnerID = try await AccountStore.learnerWithVerifiedIdentifier(identifier, on: connection, logger: logger),
                try await accounts.codes.consume(code, learnerID: learnerID, purpose: .passwordReset, contact: identifier, now: now, on: connection, logger: logger)
            else { return nil }
            try await AccountStore.setPasswordHash(learnerID: learnerID, hash: hash, now: now, on: connection, logger: logger)
            try await TokenStore.revokeAll(learnerID: learnerID, keeping: nil, now: now, on: connection, logger: logger)
            return learnerID
        }
        guard let learnerID = changed else {
            try await accounts.throttle.record(addressKey, policy: .sensitiveActions, now: now, in: database)
            throw Problem.invalidField(
                "/code",
                LocalizedText(vi: "Mã không đúng hoặc đã hết hạn.", en: "The code is wrong or has expired.")
            )
        }
        logger.info("password reset", metadata: ["learner": "\(learnerID)"])
        return .noContent(.init())
    }
}

extension Components.Schemas.Session {
    init(_ issued: TokenStore.Issued) {
        self.init(
            learnerId: issued.learnerID.uuidString.lowercased(),
            accessToken: issued.accessToken,
            refreshToken: issued.refreshToken,
            expiresAt: issued.accessExpiresAt,
            refreshExpiresAt: issued.refreshExpiresAt
        )
    }
}
