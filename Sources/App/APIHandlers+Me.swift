import APIContract
import Domain
import Foundation
import Persistence
import PostgresNIO

extension APIHandlers {
    static let wrongPassword = LocalizedText(vi: "Mật khẩu không đúng.", en: "The password is not right.")
    static let wrongCode = LocalizedText(vi: "Mã không đúng hoặc đã hết hạn.", en: "The code is wrong or has expired.")

    /// The signed-in person's account; an erased one is no longer signed in.
    func currentAccount(_ principal: Principal) async throws -> AccountStore.Account {
        let account = try await database.withConnection { connection in
            try await AccountStore.account(learnerID: principal.learnerID, on: connection, logger: logger)
        }
        guard let account else { throw Problem(.unauthorized) }
        return account
    }

    func getMe(_ input: Operations.GetMe.Input) async throws -> Operations.GetMe.Output {
        .ok(.init(body: .json(.init(try await currentAccount(try principal())))))
    }

    func updateMe(_ input: Operations.UpdateMe.Input) async throws -> Operations.UpdateMe.Output {
        guard case .json(let body) = input.body else { throw Problem(.unsupportedMediaType) }
        let principal = try principal()
        let now = clock.now()
        let account = try await currentAccount(principal)
        let current = CurrentProfile(
            granted: Set(account.consents.compactMap { ConsentPurpose(rawValue: $0.purpose) }),
            province: account.province,
            sex: account.sex.flatMap(Sex.init(rawValue:)),
            groups: account.groups.compactMap(LearnerGroup.init(rawValue:)),
            guardianConfirmed: account.guardianConsent == "confirmed"
        )
        let update: ProfileUpdate
        switch ProfileUpdate.validate(try form(body), current: current, now: now) {
        case .success(let valid): update = valid
        case .failure(let failure): throw Problem.validation(failure)
        }
        var change = AccountStore.ProfileChange()
        change.displayName = update.displayName
        change.locale = update.locale
        change.birthYear = update.birthYear
        change.province = .some(update.province)
        change.sex = .some(update.sex)
        change.groups = update.groups
        let day = VietnamCalendar.day(of: now)
        let updated = try await database.withTransaction { connection in
            if update.provinceChanged, let province = update.province,
                !(try await AccountStore.provinceIsValid(province, on: day, connection: connection, logger: logger))
            {
                throw Problem.invalidField("/province", Self.unknownProvince)
            }
            try await AccountStore.update(learnerID: principal.learnerID, change: change, now: now, on: connection, logger: logger)
            try await AccountStore.recordConsents(
                learnerID: principal.learnerID, grants: update.grants, withdrawals: update.withdrawals, now: now, on: connection, logger: logger
            )
            return try await AccountStore.account(learnerID: principal.learnerID, on: connection, logger: logger)
        }
        guard let updated else { throw Problem(.unauthorized) }
        return .ok(.init(body: .json(.init(updated))))
    }

    func changePassword(_ input: Operations.ChangePassword.Input) async throws -> Operations.ChangePassword.Output {
        guard case .json(let body) = input.body else { throw Problem(.unsupportedMediaType) }
        let principal = try principal()
        var reader = FormReader(try form(body))
        let currentPassword = reader.require(reader.rawString("currentPassword"), "currentPassword")
        let newPassword = reader.require(reader.rawString("newPassword"), "newPassword")
        let account = try await currentAccount(principal)
        if let newPassword,
            let problem = accounts.passwordPolicy.problem(with: newPassword, personal: [account.displayName] + account.contacts.map(\.value))
        {
            reader.fail("newPassword", problem)
        }
        guard reader.errors.isEmpty, let currentPassword, let newPassword else { throw Problem(.validation, errors: reader.errors) }
        try await checkCurrentPassword(currentPassword, principal: principal, pointer: "/currentPassword")
        let hash = try await hashPassword(newPassword.precomposedStringWithCanonicalMapping)
        let now = clock.now()
        try await database.withTransaction { connection in
            try await AccountStore.setPasswordHash(learnerID: principal.learnerID, hash: hash, now: now, on: connection, logger: logger)
            try await TokenStore.revokeAll(learnerID: principal.learnerID, keeping: principal.chainID, now: now, on: connection, logger: logger)
        }
        logger.info("password changed", metadata: ["learner": "\(principal.learnerID)"])
        return .noContent(.init())
    }

    /// Re-checks a signed-in person's password, throttled like sign-in so a stolen session
    /// cannot guess it.
    func checkCurrentPassword(_ password: String, principal: Principal, pointer: String) async throws {
        let key = accounts.throttle.key("password-check", principal.learnerID.uuidString)
        try await checkThrottle([key])
        let stored = try await database.withConnection { connection in
            try await AccountStore.passwordHash(learnerID: principal.learnerID, on: connection, logger: logger)
        }
        guard let stored, try await verifyPassword(password, against: stored) else {
            try await accounts.throttle.record(key, policy: .signInPerAccount, now: clock.now(), in: database)
            // Well-formed but not the caller's password: refused, not invalid.
            throw Problem(.forbidden, detail: Self.wrongPassword, errors: [FieldError(pointer: pointer, message: Self.wrongPassword)])
        }
        try await accounts.throttle.reset(key, in: database)
    }

    func sendContactCode(_ input: Operations.SendContactCode.Input) async throws -> Operations.SendContactCode.Output {
        guard case .json(let body) = input.body else { throw Problem(.unsupportedMediaType) }
        let principal = try principal()
        var reader = FormReader(try form(body))
        guard let text = reader.require(reader.string("contact"), "contact") else { throw Problem(.validation, errors: reader.errors) }
        guard let identifier = ContactIdentifier.parse(text) else {
            throw Problem.invalidField("/contact", LocalizedText(vi: "Email hoặc số điện thoại chưa đúng.", en: "This is not a valid email address or phone number."))
        }
        let now = clock.now()
        let key = accounts.throttle.key("send-code", principal.learnerID.uuidString)
        try await checkThrottle([key])
        let code = VerificationCodeStore.newCode()
        let account = try await currentAccount(principal)
        let contact = try await database.withTransaction { connection -> AccountStore.Contact in
            guard let contact = try await AccountStore.contact(learnerID: principal.learnerID, value: identifier.value, on: connection, logger: logger) else {
                throw Problem(.notFound)
            }
            guard !contact.verified else {
                throw Problem(.conflict, detail: LocalizedText(vi: "Thông tin liên hệ này đã được xác minh.", en: "This contact is already verified."))
            }
            try await accounts.codes.store(
                code, learnerID: principal.learnerID, purpose: contact.purpose == "guardian" ? .guardian : .contact,
                contact: identifier.value, now: now, on: connection, logger: logger
            )
            return contact
        }
        try await accounts.throttle.record(key, policy: .sensitiveActions, now: now, in: database)
        await deliver(CodeNotification(
            purpose: contact.purpose == "guardian" ? .guardianConsent : .verifyContact,
            recipient: identifier, code: code, language: Language(rawValue: account.locale) ?? .fallback
        ))
        return .accepted(.init(body: .json(.init(status: .accepted))))
    }

    func verifyContact(_ input: Operations.VerifyContact.Input) async throws -> Operations.VerifyContact.Output {
        guard case .json(let body) = input.body else { throw Problem(.unsupportedMediaType) }
        let principal = try principal()
        var reader = FormReader(try form(body))
        let text = reader.require(reader.string("contact"), "contact")
        let code = reader.require(reader.string("code"), "code")
        guard reader.errors.isEmpty, let text, let code else { throw Problem(.validation, errors: reader.errors) }
        guard let identifier = ContactIdentifier.parse(text) else { throw Problem(.notFound) }
        let now = clock.now()
        // The transaction commits a wrong try too, so that a code's tries are really counted.
        let verified = try await database.withTransaction { connection -> Bool in
            guard let contact = try await AccountStore.contact(learnerID: principal.learnerID, value: identifier.value, on: connection, logger: logger) else {
                throw Problem(.notFound)
            }
            let purpose: VerificationCodeStore.Purpose = contact.purpose == "guardian" ? .guardian : .contact
            guard try await accounts.codes.consume(code, learnerID: principal.learnerID, purpose: purpose, contact: identifier.value, now: now, on: connection, logger: logger) else {
                return false
            }
            return try await AccountStore.markVerified(
                learnerID: principal.learnerID, purpose: contact.purpose, value: identifier.value, now: now, on: connection, logger: logger
            )
        }
        guard verified else { throw Problem.invalidField("/code", Self.wrongCode) }
        logger.info("contact verified", metadata: ["learner": "\(principal.learnerID)", "kind": "\(identifier.kind)"])
        return .ok(.init(body: .json(.init(try await currentAccount(principal)))))
    }

    func exportMe(_ input: Operations.ExportMe.Input) async throws -> Operations.ExportMe.Output {
        let principal = try principal()
        let now = clock.now()
        let export = try await database.withConnection { connection in
            guard let account = try await AccountStore.account(learnerID: principal.learnerID, on: connection, logger: logger) else {
                throw Problem(.unauthorized)
            }
            let extras = try await AccountStore.exportExtras(learnerID: principal.learnerID, on: connection, logger: logger)
            var enrollments: [Components.Schemas.CourseProgress] = []
            for progress in try await LearningStore.progress(learnerID: principal.learnerID, on: connection, logger: logger) {
                let count = try await ContentStore.liveManifest(progress.courseID, on: connection, logger: logger)?.manifest.pack.lessons.count ?? 0
                enrollments.append(.init(progress, lessonCount: count))
            }
            var attempts: [Components.Schemas.PersonalDataExport.AttemptsPayloadPayload] = []
            for attempt in try await AttemptStore.attempts(learnerID: principal.learnerID, on: connection, logger: logger) {
                let items = try await AttemptStore.items(learnerID: principal.learnerID, attemptID: attempt.id, on: connection, logger: logger)
                let quiz = try await ContentStore.quiz(courseID: attempt.courseID, quizID: attempt.quizID, version: attempt.quizVersion, on: connection, logger: logger)
                let showScore = !attempt.isOpen && quiz.map {
                    $0.review.show.contains(.score) && AttemptRules.reviewOpen($0.review, passed: attempt.passed ?? false, deadline: attempt.deadline, now: now)
                } ?? false
                attempts.append(.init(
                    id: attempt.id.uuidString.lowercased(), quizId: attempt.quizID, courseId: attempt.courseID,
                    status: .init(rawValue: AttemptPresentation.status(attempt)) ?? .open, startedAt: attempt.startedAt,
                    closedAt: attempt.closedAt, score: showScore ? attempt.score : nil, passed: attempt.passed,
                    answers: items.map { .init(itemId: $0.questionID, answer: $0.answer.map(Components.Schemas.AnswerValue.init)) }
                ))
            }
            let certificates = try await verifications(
                try await CertificateStore.certificates(learnerID: principal.learnerID, on: connection, logger: logger), on: connection
            )
            return Components.Schemas.PersonalDataExport(
                certificates: certificates,
                enrollments: enrollments,
                attempts: attempts,
                exportedAt: now,
                account: .init(account),
                consentHistory: extras.consentHistory.map(Components.Schemas.ConsentRecord.init),
                devices: extras.devices.map { .init(deviceHash: $0.hash, linkedAt: $0.linkedAt) },
                sessions: extras.sessions.map { .init(kind: .init(rawValue: $0.kind) ?? .access, issuedAt: $0.issuedAt, expiresAt: $0.expiresAt, revoked: $0.revoked) }
            )
        }
        return .ok(.init(body: .json(export)))
    }

    func eraseMe(_ input: Operations.EraseMe.Input) async throws -> Operations.EraseMe.Output {
        guard case .json(let body) = input.body else { throw Problem(.unsupportedMediaType) }
        let principal = try principal()
        var reader = FormReader(try form(body))
        guard let password = reader.require(reader.rawString("password"), "password") else { throw Problem(.validation, errors: reader.errors) }
        try await checkCurrentPassword(password, principal: principal, pointer: "/password")
        let now = clock.now()
        try await database.withTransaction { connection in
            try await AccountStore.erase(learnerID: principal.learnerID, now: now, on: connection, logger: logger)
        }
        logger.info("learner erased", metadata: ["learner": "\(principal.learnerID)"])
        return .noContent(.init())
    }
}
