import APIContract
import Credentials
import Domain
import Foundation
import OpenAPIRuntime
import Persistence
import Services

extension APIHandlers {
    static let certificateNotice = LocalizedText(
        vi: "Tên trên chứng nhận do người học tự khai. Bài thi làm trực tuyến, không có giám thị.",
        en: "The name on a certificate is self-declared. The exam is taken online and is not proctored."
    )

    func listCertifications(_ input: Operations.ListCertifications.Input) async throws -> Operations.ListCertifications.Output {
        let language = scope.language
        let items = try await services.certification.programmes(try principal()).map { standing in
            Components.Schemas.CertificationProgramme(
                id: standing.id,
                title: standing.pack.title.text(in: language),
                description: standing.pack.description.text(in: language),
                examItemCount: standing.exam.itemCount,
                timeLimitMinutes: standing.exam.timeLimitMinutes,
                passMark: standing.exam.passMark,
                validityMonths: standing.programme.validityMonths,
                attemptsPerWindow: standing.programme.attemptsPerWindow,
                windowDays: standing.programme.windowDays,
                prerequisiteCourse: standing.programme.prerequisiteCourse,
                prerequisiteCompleted: standing.programme.prerequisiteCourse == nil ? nil : standing.prerequisiteCompleted,
                preparationCourses: standing.programme.preparationCourses,
                attemptsLeft: standing.attemptsLeft,
                nextAttemptAt: standing.nextAttemptAt,
                eligible: standing.eligible,
                accommodatedTimeLimitMinutes: standing.exam.timeLimitMinutes.flatMap { standing.accommodation?.timeLimitMinutes($0) }
            )
        }
        return .ok(.init(body: .json(.init(items: items))))
    }

    /// The token is checked by the start itself, in its transaction (`AccessPolicy.tokenCheckedByOperation`).
    func startExam(_ input: Operations.StartExam.Input) async throws -> Operations.StartExam.Output {
        guard case .presented(let token) = scope.authentication else { throw Problem(.unauthorized) }
        let shown = try await services.certification.startExam(token: token, programID: input.path.programId, channel: scope.client)
        let body = AttemptPresentation(shown, language: scope.language, publicBaseURL: publicBaseURL).document
        return shown.created ? .created(.init(body: .json(body))) : .ok(.init(body: .json(body)))
    }

    func listMyCertificates(_ input: Operations.ListMyCertificates.Input) async throws -> Operations.ListMyCertificates.Output {
        let now = services.context.clock.now()
        let items = try await services.certification.certificates(try principal()).map {
            Components.Schemas.CertificateVerification($0, base: publicBaseURL, now: now, language: scope.language)
        }
        return .ok(.init(body: .json(.init(items: items))))
    }

    func getCertificate(_ input: Operations.GetCertificate.Input) async throws -> Operations.GetCertificate.Output {
        let described = try await services.certification.certificate(input.path.certificateId)
        return .ok(.init(body: .json(.init(described, base: publicBaseURL, now: services.context.clock.now(), language: scope.language))))
    }

    func getCredential(_ input: Operations.GetCredential.Input) async throws -> Operations.GetCredential.Output {
        .ok(.init(body: .applicationVcJwt(HTTPBody(try await services.certification.credential(input.path.certificateId)))))
    }

    func getJWKS(_ input: Operations.GetJWKS.Input) async throws -> Operations.GetJWKS.Output {
        .ok(.init(body: .json(try Self.document(["keys": try await services.certification.publicKeys()]))))
    }

    func getIssuer(_ input: Operations.GetIssuer.Input) async throws -> Operations.GetIssuer.Output {
        .ok(.init(body: .json(try Self.document(OpenBadge.issuerProfile(publicBaseURL)))))
    }

    func getAchievement(_ input: Operations.GetAchievement.Input) async throws -> Operations.GetAchievement.Output {
        let programme = try await services.certification.achievement(input.path.programId)
        return .ok(.init(body: .json(try Self.document(OpenBadge.achievement(programme, base: publicBaseURL)))))
    }

    func getStatusList(_ input: Operations.GetStatusList.Input) async throws -> Operations.GetStatusList.Output {
        .ok(.init(body: .applicationVcJwt(HTTPBody(try await services.certification.statusList(input.path.listId)))))
    }

    func revokeCertificate(_ input: Operations.RevokeCertificate.Input) async throws -> Operations.RevokeCertificate.Output {
        guard case .json(let body) = input.body else { throw Problem(.unsupportedMediaType) }
        let admin = try principal()
        var reader = FormReader(form(body))
        let reason = reader.require(reader.string("reason"), "reason")
        if let reason, reason.count > 500 {
            reader.fail("reason", LocalizedText(vi: "Lý do dài tối đa 500 ký tự.", en: "The reason can be at most 500 characters."))
        }
        guard reader.errors.isEmpty, let reason else { throw Problem(.validation, errors: reader.errors) }
        let described = try await services.certification.revoke(input.path.certificateId, reason: reason, by: admin)
        return .ok(.init(body: .json(.init(described, base: publicBaseURL, now: services.context.clock.now(), language: scope.language))))
    }

    /// A JSON document the contract types as free-form.
    static func document(_ object: [String: Any]) throws -> Components.Schemas.JSONDocument {
        let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
        return try JSONDecoder().decode(Components.Schemas.JSONDocument.self, from: data)
    }
}

extension Components.Schemas.CertificateVerification {
    init(_ described: CertificationService.Described, base: URL, now: Date, language: Language) {
        let record = described.certificate
        let base = base.absoluteString
        self.init(
            id: record.id,
            status: .init(rawValue: record.status(at: now).rawValue) ?? .valid,
            holderName: record.displayName,
            programmeId: record.programID,
            programmeTitle: described.programmeTitle?.text(in: language) ?? record.programID,
            issuedAt: record.issuedAt,
            expiresAt: record.expiresAt,
            revokedAt: record.revokedAt,
            competencies: record.competencyScores.sorted { $0.key < $1.key }.map {
                .init(code: $0.key, name: Competency.names[$0.key]?.text(in: language) ?? $0.key, score: $0.value)
            },
            credentialUrl: base + "/v1/certificates/\(record.id)/credential",
            verifyUrl: base + "/verify/\(record.id)",
            previousCertificateId: record.previousID,
            notice: APIHandlers.certificateNotice.text(in: language)
        )
    }
}
