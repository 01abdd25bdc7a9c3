import APIContract
import Credentials
import Crypto
import Domain
import Foundation
import Logging
import OpenAPIRuntime
import Persistence
import PostgresNIO

extension APIHandlers {
    static let certificateNotice = LocalizedText(
        vi: "Tên trên chứng nhận do người học tự khai. Bài thi làm trực tuyến, không có giám thị.",
        en: "The name on a certificate is self-declared. The exam is taken online and is not proctored."
    )

    /// The live certification programmes, with their manifests.
    func programmes(on connection: PostgresConnection) async throws -> [(id: String, pack: CoursePack)] {
        let rows = try await connection.query("SELECT course_id FROM courses WHERE kind = 'certification' ORDER BY course_id", logger: logger)
        var result: [(String, CoursePack)] = []
        for try await id in rows.decode(String.self) {
            if let (_, manifest) = try await ContentStore.liveManifest(id, on: connection, logger: logger) {
                result.append((id, manifest.pack))
            }
        }
        return result
    }

    func listCertifications(_ input: Operations.ListCertifications.Input) async throws -> Operations.ListCertifications.Output {
        let learner = try principal()
        let now = clock.now()
        let language = scope.language
        let items = try await database.withConnection { connection in
            var items: [Components.Schemas.CertificationProgramme] = []
            for (id, pack) in try await programmes(on: connection) {
                guard let programme = pack.programme, let exam = pack.quizzes.first(where: { $0.id == programme.examQuizID }) else { continue }
                let prerequisiteDone = try await prerequisiteCompleted(programme, learnerID: learner.learnerID, on: connection)
                let starts = try await AttemptStore.attempts(learnerID: learner.learnerID, courseID: id, quizID: exam.id, on: connection, logger: logger).map(\.startedAt)
                let standing = CertificationRules.standing(programme: programme, attemptStarts: starts, now: now)
                items.append(.init(
                    id: id, title: pack.title.text(in: language), description: pack.description.text(in: language), examItemCount: exam.itemCount,
                    timeLimitMinutes: exam.timeLimitMinutes, passMark: exam.passMark, validityMonths: programme.validityMonths,
                    attemptsPerWindow: programme.attemptsPerWindow, windowDays: programme.windowDays,
                    prerequisiteCourse: programme.prerequisiteCourse, prerequisiteCompleted: programme.prerequisiteCourse == nil ? nil : prerequisiteDone,
                    attemptsLeft: standing.attemptsLeft, nextAttemptAt: standing.nextAttemptAt,
                    eligible: prerequisiteDone && standing.attemptsLeft > 0 && !learner.guardianPending
                ))
            }
            return items
        }
        return .ok(.init(body: .json(.init(items: items))))
    }

    func prerequisiteCompleted(_ programme: Programme, learnerID: UUID, on connection: PostgresConnection) async throws -> Bool {
        guard let course = programme.prerequisiteCourse else { return true }
        return try await LearningStore.progress(learnerID: learnerID, courseID: course, on: connection, logger: logger).first?.completedAt != nil
    }

    func startExam(_ input: Operations.StartExam.Input) async throws -> Operations.StartExam.Output {
        let learner = try learner()
        let programID = input.path.programId
        let started = try await database.withTransaction { connection in
            guard let (_, manifest) = try await ContentStore.liveManifest(programID, on: connection, logger: logger),
                manifest.pack.kind == .certification, let programme = manifest.pack.programme,
                let live = try await ContentStore.liveQuiz(programme.examQuizID, on: connection, logger: logger), live.courseID == programID
            else { throw Problem(.notFound) }
            guard try await prerequisiteCompleted(programme, learnerID: learner.learnerID, on: connection) else {
                throw Problem(.conflict, detail: LocalizedText(
                    vi: "Hãy hoàn thành khóa học \(programme.prerequisiteCourse ?? "") trước khi thi.",
                    en: "Complete the course \(programme.prerequisiteCourse ?? "") before taking the exam."
                ))
            }
            return try await beginAttempt(live, learner: learner, on: connection) { previous, now in
                let standing = CertificationRules.standing(programme: programme, attemptStarts: previous.map(\.startedAt), now: now)
                if standing.attemptsLeft == 0, let next = standing.nextAttemptAt {
                    throw Problem(
                        .conflict,
                        detail: LocalizedText(
                            vi: "Bạn đã thi đủ \(programme.attemptsPerWindow) lần trong \(programme.windowDays) ngày.",
                            en: "You have taken the exam \(programme.attemptsPerWindow) times in \(programme.windowDays) days."
                        ),
                        retryAfterSeconds: max(1, Int(next.timeIntervalSince(now).rounded(.up)))
                    )
                }
            }
        }
        let body = AttemptPresentation(attempt: started.attempt, items: started.items, questions: started.questions, language: scope.language, catalog: catalog).document
        return started.created ? .created(.init(body: .json(body))) : .ok(.init(body: .json(body)))
    }

    func listMyCertificates(_ input: Operations.ListMyCertificates.Input) async throws -> Operations.ListMyCertificates.Output {
        let learner = try principal()
        let items = try await database.withConnection { connection in
            let records = try await CertificateStore.certificates(learnerID: learner.learnerID, on: connection, logger: logger)
            return try await verifications(records, on: connection)
        }
        return .ok(.init(body: .json(.init(items: items))))
    }

    func verifications(_ records: [CertificateStore.Record], on connection: PostgresConnection) async throws -> [Components.Schemas.CertificateVerification] {
        var titles: [String: LocalizedText] = [:]
        for id in Set(records.map(\.programID)) {
            titles[id] = try await ContentStore.liveManifest(id, on: connection, logger: logger)?.manifest.pack.title
        }
        let now = clock.now()
        let language = scope.language
        let base = issuer.publicBaseURL.absoluteString
        return records.map { record in
            .init(
                id: record.id, status: .init(rawValue: record.status(at: now).rawValue) ?? .valid, holderName: record.displayName,
                programmeId: record.programID, programmeTitle: titles[record.programID]?.text(in: language) ?? record.programID,
                issuedAt: record.issuedAt, expiresAt: record.expiresAt, revokedAt: record.revokedAt,
                competencies: record.competencyScores.sorted { $0.key < $1.key }.map {
                    .init(code: $0.key, name: Competency.names[$0.key]?.text(in: language) ?? $0.key, score: $0.value)
                },
                credentialUrl: base + "/v1/certificates/\(record.id)/credential", verifyUrl: base + "/verify/\(record.id)",
                previousCertificateId: record.previousID, notice: Self.certificateNotice.text(in: language)
            )
        }
    }

    func getCertificate(_ input: Operations.GetCertificate.Input) async throws -> Operations.GetCertificate.Output {
        let verification = try await database.withConnection { connection in
            guard let record = try await CertificateStore.certificate(input.path.certificateId, on: connection, logger: logger) else {
                throw Problem(.notFound)
            }
            return try await verifications([record], on: connection)[0]
        }
        return .ok(.init(body: .json(verification)))
    }

    func getCredential(_ input: Operations.GetCredential.Input) async throws -> Operations.GetCredential.Output {
        let jwt = try await database.withConnection { connection in
            try await CertificateStore.certificate(input.path.certificateId, on: connection, logger: logger)?.credentialJWT
        }
        guard let jwt else { throw Problem(.notFound) }
        return .ok(.init(body: .applicationVcJwt(HTTPBody(jwt))))
    }

    func getJWKS(_ input: Operations.GetJWKS.Input) async throws -> Operations.GetJWKS.Output {
        var keys = try await database.withConnection { connection in
            try await CertificateStore.publicKeys(on: connection, logger: logger).map { SigningKey.jwk(kid: $0.kid, publicKey: $0.publicKey) }
        }
        for key in [issuer.key] + issuer.previousKeys where !keys.contains(where: { $0["kid"] == key.kid }) {
            keys.append(key.publicJWK)
        }
        return .ok(.init(body: .json(try Self.document(["keys": keys]))))
    }

    func getIssuer(_ input: Operations.GetIssuer.Input) async throws -> Operations.GetIssuer.Output {
        .ok(.init(body: .json(try Self.document(OpenBadge.issuerProfile(issuer.publicBaseURL)))))
    }

    func getAchievement(_ input: Operations.GetAchievement.Input) async throws -> Operations.GetAchievement.Output {
        let pack = try await database.withConnection { connection in
            try await ContentStore.liveManifest(input.path.programId, on: connection, logger: logger)?.manifest.pack
        }
        guard let pack, let programme = CertificateIssuer.programme(pack) else { throw Problem(.notFound) }
        return .ok(.init(body: .json(try Self.document(OpenBadge.achievement(programme, base: issuer.publicBaseURL)))))
    }

    func getStatusList(_ input: Operations.GetStatusList.Input) async throws -> Operations.GetStatusList.Output {
        guard let key = issuer.statusListKey(input.path.listId) else { throw Problem(.notFound) }
        let list = try await database.withConnection { connection in
            try await CertificateStore.statusList(kid: key.kid, on: connection, logger: logger)
        }
        let jwt = try OpenBadge.statusList(revoked: list.revoked, size: list.highest + 1, base: issuer.publicBaseURL, now: clock.now(), key: key)
        return .ok(.init(body: .applicationVcJwt(HTTPBody(jwt))))
    }

    func revokeCertificate(_ input: Operations.RevokeCertificate.Input) async throws -> Operations.RevokeCertificate.Output {
        guard case .json(let body) = input.body else { throw Problem(.unsupportedMediaType) }
        let admin = try principal()
        var reader = FormReader(try form(body))
        let reason = reader.require(reader.string("reason"), "reason")
        if let reason, reason.count > 500 {
            reader.fail("reason", LocalizedText(vi: "Lý do dài tối đa 500 ký tự.", en: "The reason can be at most 500 characters."))
        }
        guard reader.errors.isEmpty, let reason else { throw Problem(.validation, errors: reader.errors) }
        let now = clock.now()
        let verification = try await database.withTransaction { connection in
            guard let record = try await CertificateStore.revoke(input.path.certificateId, reason: reason, actorID: admin.learnerID, now: now, on: connection, logger: logger) else {
                throw Problem(.notFound)
            }
            return try await verifications([record], on: connection)[0]
        }
        logger.notice("certificate revoked", metadata: ["actor": "\(admin.learnerID)", "certificate": "\(input.path.certificateId)"])
        return .ok(.init(body: .json(verification)))
    }

    /// A JSON document the contract types as free-form.
    static func document(_ object: [String: Any]) throws -> Components.Schemas.JSONDocument {
        let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
        return try JSONDecoder().decode(Components.Schemas.JSONDocument.self, from: data)
    }
}
