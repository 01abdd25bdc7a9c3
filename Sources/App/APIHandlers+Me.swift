import APIContract
import Domain
import Foundation
import Persistence
import Services

extension APIHandlers {
    func getMe(_ input: Operations.GetMe.Input) async throws -> Operations.GetMe.Output {
        .ok(.init(body: .json(.init(try await accounts.account(try principal())))))
    }

    func updateMe(_ input: Operations.UpdateMe.Input) async throws -> Operations.UpdateMe.Output {
        guard case .json(let body) = input.body else { throw Problem(.unsupportedMediaType) }
        let updated = try await accounts.updateProfile(try principal(), values: form(body))
        return .ok(.init(body: .json(.init(updated))))
    }

    func changePassword(_ input: Operations.ChangePassword.Input) async throws -> Operations.ChangePassword.Output {
        guard case .json(let body) = input.body else { throw Problem(.unsupportedMediaType) }
        let principal = try principal()
        var reader = FormReader(form(body))
        let currentPassword = reader.require(reader.rawString("currentPassword"), "currentPassword")
        let newPassword = reader.require(reader.rawString("newPassword"), "newPassword")
        let account = try await accounts.account(principal)
        if let newPassword, let problem = accounts.newPasswordProblem(newPassword, for: account) {
            reader.fail("newPassword", problem)
        }
        guard reader.errors.isEmpty, let currentPassword, let newPassword else { throw Problem(.validation, errors: reader.errors) }
        try await accounts.changePassword(principal, current: currentPassword, new: newPassword)
        return .noContent(.init())
    }

    func addContact(_ input: Operations.AddContact.Input) async throws -> Operations.AddContact.Output {
        guard case .json(let body) = input.body else { throw Problem(.unsupportedMediaType) }
        let principal = try principal()
        try await accounts.requestContactAddition(principal, contact: try contact(form(body)))
        return .accepted(.init(body: .json(.init(status: .accepted))))
    }

    func sendContactCode(_ input: Operations.SendContactCode.Input) async throws -> Operations.SendContactCode.Output {
        guard case .json(let body) = input.body else { throw Problem(.unsupportedMediaType) }
        let principal = try principal()
        try await accounts.sendContactCode(principal, to: try contact(form(body)))
        return .accepted(.init(body: .json(.init(status: .accepted))))
    }

    /// The email or phone number of a body's `contact` field, or the 422 naming it.
    private func contact(_ fields: [String: FormValue]) throws -> ContactIdentifier {
        var reader = FormReader(fields)
        guard let text = reader.require(reader.string("contact"), "contact") else { throw Problem(.validation, errors: reader.errors) }
        guard let identifier = ContactIdentifier.parse(text) else {
            throw Problem.invalidField(
                "/contact",
                LocalizedText(vi: "Email hoặc số điện thoại chưa đúng.", en: "This is not a valid email address or phone number.")
            )
        }
        return identifier
    }

    func verifyContact(_ input: Operations.VerifyContact.Input) async throws -> Operations.VerifyContact.Output {
        guard case .json(let body) = input.body else { throw Problem(.unsupportedMediaType) }
        let principal = try principal()
        var reader = FormReader(form(body))
        let text = reader.require(reader.string("contact"), "contact")
        let code = reader.require(reader.string("code"), "code")
        guard reader.errors.isEmpty, let text, let code else { throw Problem(.validation, errors: reader.errors) }
        guard let identifier = ContactIdentifier.parse(text) else { throw Problem(.notFound) }
        return .ok(.init(body: .json(.init(try await accounts.verifyContact(principal, identifier: identifier, code: code)))))
    }

    func exportMe(_ input: Operations.ExportMe.Input) async throws -> Operations.ExportMe.Output {
        let data = try await services.personalData.export(try principal())
        let language = scope.language
        let base = services.certification.issuer.publicBaseURL
        return .ok(
            .init(
                body: .json(
                    Components.Schemas.PersonalDataExport(
                        classes: data.classes.map { .init($0, language: language) },
                        progressReads: data.progressReads.map {
                            .init(classId: $0.classID.uuidString.lowercased(), what: $0.what, readAt: $0.readAt)
                        },
                        accommodation: data.accommodation.map(Components.Schemas.Accommodation.init),
                        managedAccount: data.managedAccount.map { record in
                            .init(
                                classId: record.classID?.uuidString.lowercased(),
                                createdAt: record.createdAt,
                                firstSignedInAt: record.firstSignedInAt,
                                guardianContact: record.guardianContact,
                                guardianFormReference: record.guardianFormReference,
                                guardianFormDate: record.guardianFormDate,
                                guardianRecordedAt: record.guardianRecordedAt
                            )
                        },
                        certificates: data.certificates.map { .init($0, base: base, now: data.exportedAt, language: language) },
                        enrollments: data.enrollments.map { .init($0.progress, lessonCount: $0.lessonCount) },
                        attempts: data.attempts.map { entry in
                            .init(
                                id: entry.attempt.id.uuidString.lowercased(),
                                quizId: entry.attempt.quizID,
                                courseId: entry.attempt.courseID,
                                status: .init(rawValue: entry.attempt.status.rawValue) ?? .open,
                                startedAt: entry.attempt.startedAt,
                                closedAt: entry.attempt.closedAt,
                                score: entry.scoreShown ? entry.attempt.score : nil,
                                passed: entry.attempt.passed,
                                answers: entry.items.map { .init(itemId: $0.questionID, answer: $0.answer.map(Components.Schemas.AnswerValue.init)) }
                            )
                        },
                        exportedAt: data.exportedAt,
                        account: .init(data.account),
                        consentHistory: data.extras.consentHistory.map(Components.Schemas.ConsentRecord.init),
                        devices: data.extras.devices.map { .init(deviceHash: $0.hash, linkedAt: $0.linkedAt) },
                        sessions: data.extras.sessions.map {
                            .init(kind: .init(rawValue: $0.kind) ?? .access, issuedAt: $0.issuedAt, expiresAt: $0.expiresAt, revoked: $0.revoked)
                        }
                    )
                )
            )
        )
    }

    func eraseMe(_ input: Operations.EraseMe.Input) async throws -> Operations.EraseMe.Output {
        guard case .json(let body) = input.body else { throw Problem(.unsupportedMediaType) }
        var reader = FormReader(form(body))
        guard let password = reader.require(reader.rawString("password"), "password") else { throw Problem(.validation, errors: reader.errors) }
        try await accounts.erase(try principal(), password: password)
        return .noContent(.init())
    }
}
