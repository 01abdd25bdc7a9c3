import Crypto
import Credentials
import Domain
import Foundation
import Testing

@Suite struct CredentialsTests {
    static let base = URL(string: "https://safeskills.test")!
    static let key = SigningKey.generate(now: Date(timeIntervalSince1970: 1_772_330_400))
    static let programme = OpenBadge.Programme(
        id: "cyber-safety-certificate", title: LocalizedText(vi: "Chứng nhận", en: "Certificate"),
        description: LocalizedText(vi: "Mô tả", en: "Description"), competencies: ["4.1", "4.2", "4.3"], passMark: 0.7, itemCount: 30
    )

    static func certificate(statusIndex: Int = 7, name: String = "Nguyễn Thị Lan", expires: TimeInterval = 730 * 86400) -> OpenBadge.Certificate {
        let issued = Date().addingTimeInterval(-60)
        return OpenBadge.Certificate(
            id: "c3VwZXItcmFuZG9tLWlkLTEyMw", holderID: UUID(), displayName: name, programme: programme,
            competencyScores: [("4.1", 0.8), ("4.2", 0.9), ("4.3", 0.7)], issuedAt: issued, expiresAt: issued.addingTimeInterval(expires),
            statusIndex: statusIndex
        )
    }

    @Test func aSignedCredentialVerifiesAndAnyChangedByteFails() throws {
        let jwt = try OpenBadge.sign(Self.certificate(), base: Self.base, key: Self.key)
        let keys = [Self.key.kid: Self.key.publicKey]
        let verified = try JWS.verify(jwt, publicKeys: keys)
        let payload = try #require(try JSONSerialization.jsonObject(with: verified.payload) as? [String: Any])
        #expect(payload["iss"] as? String == "https://safeskills.test/v1/issuer")
        #expect(payload["jti"] as? String == payload["id"] as? String)
        #expect((verified.header["jwk"] as? [String: Any])?["x"] as? String == Base64URL.encode(Self.key.publicKey.rawRepresentation))

        let characters = Array(jwt)
        for index in stride(from: 0, to: characters.count, by: 3) where characters[index] != "." {
            var changed = characters
            changed[index] = changed[index] == "A" ? "B" : "A"
            #expect(throws: JWS.Failure.self) { try JWS.verify(String(changed), publicKeys: keys) }
        }
        #expect(throws: JWS.Failure.self) { try JWS.verify(jwt + "A", publicKeys: keys) }
    }

    @Test func nonCanonicalBase64URLIsRefused() {
        #expect(Base64URL.decode("QQ") == [0x41])
        #expect(Base64URL.decode("QR") == nil, "the same byte with unused bits set")
        #expect(Base64URL.decode("QQ==") == nil, "padding")
        #expect(Base64URL.decode("Q+") == nil, "base64 but not base64url")
    }

    @Test func statusListBitsRoundTrip() throws {
        let encoded = try StatusList.encodedList(revoked: [0, 7, 8, 131_071])
        #expect(encoded.hasPrefix("u"))
        for index in [0, 7, 8, 131_071] { #expect(try StatusList.isSet(index, in: encoded)) }
        for index in [1, 6, 9, 1000] { #expect(try !StatusList.isSet(index, in: encoded)) }
    }

    @Test func keyFilesRoundTripAndBadOnesAreRefused() throws {
        let read = try SigningKey.read(Self.key.fileContents())
        #expect(read.kid == Self.key.kid)
        #expect(read.publicKey.rawRepresentation == Self.key.publicKey.rawRepresentation)
        #expect(throws: SigningKey.Unreadable.self) { try SigningKey.read(Data("{}".utf8)) }
    }

    /// openbadgeslib (PyPI), an independent implementation, accepts the credential and the status
    /// list, and refuses the credential once its bit is set.
    @Test func anIndependentVerifierAcceptsTheCredentialAndSeesRevocation() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ob3-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let certificate = Self.certificate(statusIndex: 42)
        try OpenBadge.sign(certificate, base: Self.base, key: Self.key).write(to: folder.appendingPathComponent("credential.jwt"), atomically: true, encoding: .utf8)
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

enum Interop {
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Interop/verify_ob3.py")

    /// SubjectPublicKeyInfo PEM of an Ed25519 key (RFC 8410).
    static func pem(_ key: Curve25519.Signing.PublicKey) -> String {
        let der = Data([0x30, 0x2A, 0x30, 0x05, 0x06, 0x03, 0x2B, 0x65, 0x70, 0x03, 0x21, 0x00]) + key.rawRepresentation
        return "-----BEGIN PUBLIC KEY-----\n\(der.base64EncodedString())\n-----END PUBLIC KEY-----\n"
    }

    static func verify(_ folder: URL) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script.path, folder.appendingPathComponent("credential.jwt").path,
                             folder.appendingPathComponent("key.pem").path, folder.appendingPathComponent("status.jwt").path]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, output)
    }
}
