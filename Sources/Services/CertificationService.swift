import Credentials
import Domain
import Foundation
import Logging
import Persistence
import PostgresNIO

/// Certification programmes, exams, certificates and what anyone needs to verify them.
public struct CertificationService: Sendable {
    let context: ServiceContext
    let attempts: AttemptService
    public let issuer: CertificateIssuer

    public init(context: ServiceContext, attempts: AttemptService) {
        self.context = context
        self.attempts = attempts
        self.issuer = attempts.issuer
    }

    var database: Database { context.database }
    var logger: Logger { context.logger }

    /// A live programme as a learner sees it: its exam, whether its prerequisite is done, and
    /// how many attempts are left in the current window.
    public struct Standing: Sendable {
        public var id: String
        public var pack: CoursePack
        public var programme: Programme
        public var exam: Quiz
        public var prerequisiteCompleted: Bool
        public var attemptsLeft: Int
        public var nextAttemptAt: Date?
        public var eligible: Bool
        /// The learner's extra time, shown before they start.
        public var accommodation: Accommodation?
    }

    /// A certificate with its programme's title, for showing and verifying.
    public struct Described: Sendable {
        public var certificate: Certificate
        public var programmeTitle: LocalizedText?
    }

    /// The live programmes and where the learner stands in each.
    public func programmes(_ principal: Principal) async throws -> [Standing] {
        let now = context.clock.now()
        return try await database.withConnection { connection in
            var items: [Standing] = []
            let manifests = try await ContentStore.liveManifests(on: connection, logger: logger)
            let accommodation = try await AccommodationStore.accommodation(learnerID: principal.learnerID, on: connection, logger: logger)
            for (id, manifest) in manifests.sorted(by: { $0.key < $1.key }) where manifest.pack.kind == .certification {
                guard let programme = manifest.pack.programme, let exam = manifest.pack.quizzes.first(where: { $0.id == programme.examQuizID })
                else { continue }
                let prerequisiteDone = try await prerequisiteCompleted(programme, learnerID: principal.learnerID, on: connection)
                let starts = try await AttemptStore.attempts(
                    learnerID: principal.learnerID,
                    courseID: id,
                    quizID: exam.id,
                    on: connection,
                    logger: logger
                ).map(\.startedAt)
                let standing = CertificationRules.standing(programme: programme, attemptStarts: starts, now: now)
                items.append(
                    Standing(
                        id: id,
                        pack: manifest.pack,
                        programme: programme,
                        exam: exam,
                        prerequisiteCompleted: prerequisiteDone,
                        attemptsLeft: standing.attemptsLeft,
                        nextAttemptAt: standing.nextAttemptAt,
                        eligible: prerequisiteDone && standing.attemptsLeft > 0 && !principal.guardianPending,
                        accommodation: accommodation
                    )
                )
            }
            return items
        }
    }

    func prerequisiteCompleted(_ programme: Programme, learnerID: UUID, on connection: PostgresConnection) async throws -> Bool {
        guard let course = programme.prerequisiteCourse else { return true }
        return try await LearningStore.progress(learnerID: learnerID, courseID: course, on: connection, logger: logger).first?.completedAt != nil
    }

    /// Starts the programme's exam for the holder of `token` (or returns their open attempt),
    /// within its prerequisite and attempt window. The token is checked in the start's own
    /// transaction: a national exam's learners all start within minutes, and a separate check
    /// would take a second connection lease per start, each one a place to wait or be refused.
    public func startExam(token: BearerToken, programID: String, channel: String?) async throws -> AttemptService.Shown {
        let now = context.clock.now()
        return try await database.withTransaction { connection in
            guard let principal = try await TokenStore.authenticate(token, now: now, on: connection, logger: logger) else {
                throw Refusal(.unauthorized)
            }
            return try await startExam(try Learner(principal), programID: programID, channel: channel, on: connection)
        }
    }

    func startExam(_ learner: Learner, programID: String, channel: String?, on connection: PostgresConnection) async throws -> AttemptService.Shown {
        guard let (_, manifest) = try await ContentStore.liveManifest(programID, on: connection, logger: logger),
            manifest.pack.kind == .certification, let programme = manifest.pack.programme,
            let live = try await ContentStore.liveQuiz(programme.examQuizID, on: connection, logger: logger), live.courseID == programID
        else { throw Refusal(.notFound) }
        guard try await prerequisiteCompleted(programme, learnerID: learner.id, on: connection) else {
            throw Refusal(
                .conflict,
                detail: LocalizedText(
                    vi: "Hãy hoàn thành khóa học \(programme.prerequisiteCourse ?? "") trước khi thi.",
                    en: "Complete the course \(programme.prerequisiteCourse ?? "") before taking the exam."
                )
            )
        }
        return try await attempts.begin(live, learner: learner, channel: channel, on: connection) { previous, now in
            let standing = CertificationRules.standing(programme: programme, attemptStarts: previous.map(\.startedAt), now: now)
            if standing.attemptsLeft == 0, let next = standing.nextAttemptAt {
                throw Refusal(
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

    /// The caller's certificates, newest first.
    public func certificates(_ principal: Principal) async throws -> [Described] {
        try await database.withConnection { connection in
            try await Self.describe(
                try await CertificateStore.certificates(learnerID: principal.learnerID, on: connection, logger: logger),
                on: connection,
                logger: logger
            )
        }
    }

    /// Any certificate by its id, for verification.
    public func certificate(_ id: String) async throws -> Described {
        try await database.withConnection { connection in
            guard let record = try await CertificateStore.certificate(id, on: connection, logger: logger) else { throw Refusal(.notFound) }
            return try await Self.describe([record], on: connection, logger: logger)[0]
        }
    }

    /// The signed credential of a certificate, as issued (gone after the holder's erasure).
    public func credential(_ id: String) async throws -> String {
        let jwt = try await database.withConnection { connection in
            try await CertificateStore.certificate(id, on: connection, logger: logger)?.credentialJWT
        }
        guard let jwt else { throw Refusal(.notFound) }
        return jwt
    }

    static func describe(_ records: [Certificate], on connection: PostgresConnection, logger: Logger) async throws -> [Described] {
        let manifests = records.isEmpty ? [:] : try await ContentStore.liveManifests(on: connection, logger: logger)
        return records.map { Described(certificate: $0, programmeTitle: manifests[$0.programID]?.pack.title) }
    }

    /// Every public key that signed a certificate, as JWKs, and the configured ones.
    public func publicKeys() async throws -> [[String: String]] {
        var keys = try await database.withConnection { connection in
            try await CertificateStore.publicKeys(on: connection, logger: logger).map { SigningKey.jwk(kid: $0.kid, publicKey: $0.publicKey) }
        }
        for key in [issuer.key] + issuer.previousKeys where !keys.contains(where: { $0["kid"] == key.kid }) {
            keys.append(key.publicJWK)
        }
        return keys
    }

    /// The Open Badges achievement a live programme awards.
    public func achievement(_ programID: String) async throws -> OpenBadge.Programme {
        let pack = try await database.withConnection { connection in
            try await ContentStore.liveManifest(programID, on: connection, logger: logger)?.manifest.pack
        }
        guard let pack, let programme = CertificateIssuer.programme(pack) else { throw Refusal(.notFound) }
        return programme
    }

    /// The signed status list of one signing key (its key id), as of now.
    public func statusList(_ listID: String) async throws -> String {
        guard let key = issuer.statusListKey(listID) else { throw Refusal(.notFound) }
        let list = try await database.withConnection { connection in
            try await CertificateStore.statusList(kid: key.kid, on: connection, logger: logger)
        }
        return try OpenBadge.statusList(revoked: list.revoked, size: list.highest + 1, base: issuer.publicBaseURL, now: context.clock.now(), key: key)
    }

    /// Revokes a certificate (once; the first reason stands), audit-logged with its actor.
    public func revoke(_ id: String, reason: String, by admin: Principal) async throws -> Described {
        let now = context.clock.now()
        let described = try await database.withTransaction { connection in
            guard
                let (record, newlyRevoked) = try await CertificateStore.revoke(
                    id,
                    reason: reason,
                    actorID: admin.learnerID,
                    now: now,
                    on: connection,
                    logger: logger
                )
            else {
                throw Refusal(.notFound)
            }
            if newlyRevoked {
                try await context.statements.add(
                    [.lostCertificate(programID: record.programID, reason: .revoked)],
                    learnerID: record.learnerID,
                    at: now,
                    random: context.random,
                    on: connection,
                    logger: logger
                )
            }
            return try await Self.describe([record], on: connection, logger: logger)[0]
        }
        logger.notice("certificate revoked", metadata: ["actor": "\(admin.learnerID)", "certificate": "\(id)"])
        return described
    }
}
