import Credentials
import Crypto
import Domain
import Foundation
import Testing

@Suite struct CredentialsTests {
    static let base = URL(string: "https://safeskills.test")!
    static let key = SigningKey.generate(now: Date(timeIntervalSince1970: 1_772_330_400))
    static let programme = OpenBadge.Programme(
        id: "cyber-safety-certificate",
        title: LocalizedText(vi: "Chứng nhận", en: "Certificate"),
        description: LocalizedText(vi: "Mô tả", en: "Description"),
        competencies: ["4.1", "4.2", "4.3"],
        passMark: 0.7,
        itemCount: 30
    )

    static func certificate(statusIndex: Int = 7, name: String = "Nguyễn Thị Lan", expires: TimeInterval = 730 * 86400) -> OpenBadge.Certificate {
        let issued = Date().addingTimeInterval(-60)
        return OpenBadge.Certificate(
            id: "c3VwZXItcmFuZG9tLWlkLTEyMw",
            holderID: UUID(),
            displayName: name,
            programme: programme,
            competencyScores: [("4.1", 0.8), ("4.2", 0.9), ("4.3", 0.7)],
            issuedAt: issued,
            expiresAt: issued.addingTimeInterval(expires),
            statusIndex: statusIndex,
            statusListID: key.kid
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
}
