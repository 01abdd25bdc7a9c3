import Credentials
import Crypto
import Domain
import Foundation
import Logging
import Persistence
import PostgresNIO

/// Issues certificates in the transaction that grades a passing exam.
public struct CertificateIssuer: Sendable {
    /// The key new certificates are signed with.
    public let key: SigningKey
    /// Keys retired by rotations: they sign no new certificate, only their own status lists.
    public let previousKeys: [SigningKey]
    public let publicBaseURL: URL

    public init(key: SigningKey, previousKeys: [SigningKey] = [], publicBaseURL: URL) {
        self.key = key
        self.previousKeys = previousKeys
        self.publicBaseURL = publicBaseURL
    }

    /// The key whose status list has this id (its key id).
    func statusListKey(_ listID: String) -> SigningKey? {
        ([key] + previousKeys).first { $0.kid == listID }
    }

    static func programme(_ pack: CoursePack) -> OpenBadge.Programme? {
        guard let programme = pack.programme, let exam = pack.quizzes.first(where: { $0.id == programme.examQuizID }) else { return nil }
        return OpenBadge.Programme(
            id: pack.id,
            title: pack.title,
            description: pack.description,
            competencies: pack.competencies,
            passMark: exam.passMark,
            itemCount: exam.itemCount
        )
    }

    /// Issues the certificate a passed exam earns, with the learner's name as it stands now;
    /// links it to the learner's previous certificate of the programme, if any.
    func issue(
        for attempt: Attempt,
        results: [(competency: String, earned: Double)],
        closedAt: Date,
        channel: String?,
        random: RandomSource,
        statements: StatementQueue,
        on connection: PostgresConnection,
        logger: Logger
    ) async throws {
        guard let (_, manifest) = try await ContentStore.liveManifest(attempt.courseID, on: connection, logger: logger),
            manifest.pack.kind == .certification, let plan = manifest.pack.programme, plan.examQuizID == attempt.quizID,
            let programme = Self.programme(manifest.pack)
        else { return }
        guard let name = try await AccountStore.displayName(learnerID: attempt.learnerID, on: connection, logger: logger) else { return }
        let previous = try await CertificateStore.certificates(learnerID: attempt.learnerID, on: connection, logger: logger)
            .first { $0.programID == programme.id }
        let scores = Certificate.competencyScores(results)
        let expires = Certificate.expiry(issuedAt: closedAt, validityMonths: plan.validityMonths)
        var generator = random.generator
        let certificate = OpenBadge.Certificate(
            id: Certificate.newID(using: &generator),
            holderID: previous?.holderID ?? random.uuid(),
            displayName: name,
            programme: programme,
            competencyScores: scores.sorted { $0.key < $1.key }.map { ($0.key, $0.value) },
            issuedAt: closedAt,
            expiresAt: expires,
            statusIndex: try await CertificateStore.nextStatusIndex(on: connection, logger: logger),
            statusListID: key.kid
        )
        try await CertificateStore.registerKey(
            kid: key.kid,
            publicKey: Array(key.publicKey.rawRepresentation),
            now: closedAt,
            on: connection,
            logger: logger
        )
        let jwt = try OpenBadge.sign(certificate, base: publicBaseURL, key: key)
        try await CertificateStore.insert(
            Certificate(
                learnerID: attempt.learnerID,
                id: certificate.id,
                programID: programme.id,
                holderID: certificate.holderID,
                displayName: name,
                competencyScores: scores,
                issuedAt: closedAt,
                expiresAt: expires,
                statusIndex: certificate.statusIndex,
                credentialJWT: jwt,
                previousID: previous?.id
            ),
            attemptID: attempt.id,
            kid: key.kid,
            on: connection,
            logger: logger
        )
        try await LearningStore.record(
            .certified,
            learnerID: attempt.learnerID,
            courseID: attempt.courseID,
            now: closedAt,
            channel: channel,
            on: connection,
            logger: logger
        )
        try await statements.add(
            [.earnedCertificate(programID: programme.id, expiresAt: expires)],
            learnerID: attempt.learnerID,
            at: closedAt,
            random: random,
            on: connection,
            logger: logger
        )
        logger.info("certificate issued", metadata: ["certificate": "\(certificate.id)", "programme": "\(programme.id)"])
    }
}
