import Credentials
import Domain
import Foundation
import Testing

@Suite struct IndependentVerifierTests {
    static let base = URL(string: "https://safeskills.test")!
    static let key = SigningKey.generate(now: Date())
    static let programme = OpenBadge.Programme(
        id: "cyber-safety-certificate",
        title: LocalizedText(vi: "Chứng nhận", en: "Certificate"),
        description: LocalizedText(vi: "Mô tả", en: "Description"),
        competencies: ["4.1", "4.2", "4.3"],
        passMark: 0.7,
        itemCount: 30
    )

    static func certificate(statusIndex: Int) -> OpenBadge.Certificate {
        let issued = Date().addingTimeInterval(-60)
        return OpenBadge.Certificate(
            id: "c3VwZXItcmFuZG9tLWlkLTEyMw",
            holderID: UUID(),
            displayName: "Nguyễn Thị Lan",
            programme: programme,
            competencyScores: [("4.1", 0.8), ("4.2", 0.9), ("4.3", 0.7)],
            issuedAt: issued,
            expiresAt: issued.addingTimeInterval(730 * 86400),
            statusIndex: statusIndex,
            statusListID: key.kid
        )
    }

    /// openbadgeslib (PyPI), an independent implementation, accepts the credential and the status
    /// list, and refuses the credential once its bit is set.
    @Test func anIndependentVerifierAcceptsTheCredentialAndSeesRevocation() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ob3-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let certificate = Self.certificate(statusIndex: 42)
        try OpenBadge.sign(certificate, base: Self.base, key: Self.key).write(
            to: folder.appendingPathComponent("credential.jwt"),
            atomically: true,
            encoding: .utf8
        )
        try Interop.pem(Self.key.publicKey).write(to: folder.appendingPathComponent("key.pem"), atomically: true, encoding: .utf8)
        let valid = try OpenBadge.statusList(revoked: [3], base: Self.base, now: Date().addingTimeInterval(-60), key: Self.key)
        try valid.write(to: folder.appendingPathComponent("status.jwt"), atomically: true, encoding: .utf8)
        let accepted = try Interop.verify(folder)
        #expect(accepted.output.contains("VALID") && accepted.status == 0, "\(accepted.output)")

        let revoked = try OpenBadge.statusList(revoked: [3, 42], base: Self.base, now: Date().addingTimeInterval(-60), key: Self.key)
        try revoked.write(to: folder.appendingPathComponent("status.jwt"), atomically: true, encoding: .utf8)
        let refused = try Interop.verify(folder)
        #expect(refused.status == 1, "\(refused.output)")
        #expect(refused.output.contains("revocation") && refused.output.contains("index 42"), "\(refused.output)")
    }
}
