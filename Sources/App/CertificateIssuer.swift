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
    let key: SigningKey
    /// Keys retired by rotations: they sign no new certificate, only their own status lists.
    let previousKeys: [SigningKey]
    let publicBaseURL: URL

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
            id: pack.id, title: pack.title, description: pack.description, competencies: pack.competencies,
            passMark: exam.passMark, itemCount: exam.itemCount
        )
    }

    /// A random id of 128 bits, URL-safe.
    static func newCertificateID() -> String {
        var generator = SystemRandomNumberGenerator()
        return Base64URL.encode((0..<16).map { _ in UInt8.random(in: 0...255, using: &generator) })
    }

    /// Issues the certificate a passed exam earns, with the learner's name as it stands now;
    /// links it to the learner's previous certificate of the programme, if any.
    func issue(
        for attempt: AttemptStore.Attempt, results: [(competency: String, earned: Double)], closedAt: Date, channel: String?,
        on connection: PostgresConnection, logger: Logger
    ) async throws {
        guard let (_, manifest) = try await ContentStore.liveManifest(attempt.courseID, on: connection, logger: logger),
            manifest.pack.kind == .certification, let plan = manifest.pack.programme, plan.examQuizID == attempt.quizID,
            let programme = Self.programme(manifest.pack)
        else { return }
        let name = try await connection.query(
            "SELECT display_name FROM learners WHERE learner_id = \(attempt.learnerID)", logger: logger
        ).collect().first?.decode(String?.self) ?? nil
        guard let name else { return }
        let previous = try await CertificateStore.certificates(learnerID: attempt.learnerID, on: connection, logger: logger)
            .first { $0.programID == programme.id }
        let scores = Dictionary(grouping: results, by: \.competency).mapValues { $0.map(\.earned).reduce(0, +) / Double($0.count) }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = VietnamCalendar.timeZone
        let expires = calendar.date(byAdding: .month, value: plan.validityMonths, to: closedAt) ?? closedAt
        let certificate = OpenBadge.Certificate(
            id: Self.newCertificateID(), holderID: previous?.holderID ?? UUID(), displayName: name, programme: programme,
            competencyScores: scores.sorted { $0.key < $1.key }.map { ($0.key, $0.value) },
            issuedAt: closedAt, expiresAt: expires,
            statusIndex: try await CertificateStore.nextStatusIndex(on: connection, logger: logger),
            statusListID: key.kid
        )
        try await CertificateStore.registerKey(kid: key.kid, publicKey: Array(key.publicKey.rawRepresentation), now: closedAt, on: connection, logger: logger)
        let jwt = try OpenBadge.sign(certificate, base: publicBaseURL, key: key)
        try await CertificateStore.insert(
            CertificateStore.Record(
                learnerID: attempt.learnerID, id: certificate.id, programID: programme.id, holderID: certificate.holderID,
                displayName: name, competencyScores: scores, issuedAt: closedAt, expiresAt: expires, statusIndex: certificate.statusIndex,
                credentialJWT: jwt, previousID: previous?.id
            ),
            attemptID: attempt.id, kid: key.kid, on: connection, logger: logger
        )
        try await LearningStore.record(.certified, learnerID: attempt.learnerID, courseID: attempt.courseID, now: closedAt, channel: channel, on: connection, logger: logger)
        logger.info("certificate issued", metadata: ["certificate": "\(certificate.id)", "programme": "\(programme.id)"])
    }
}
