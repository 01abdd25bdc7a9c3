import Domain
import Foundation

/// Open Badges 3.0 documents (W3C VC Data Model 2.0) and their VC-JWT form (OB 3.0 §8.2): the
/// JWT payload is the credential itself, with `iss`, `nbf`, `jti`, `sub` and `exp` beside it.
/// Every URL is under the configured public base URL, forever.
public enum OpenBadge {
    public static let contexts = ["https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"]

    public struct Programme: Sendable {
        public var id: String
        public var title: LocalizedText
        public var description: LocalizedText
        public var competencies: [String]
        public var passMark: Double
        public var itemCount: Int

        public init(id: String, title: LocalizedText, description: LocalizedText, competencies: [String], passMark: Double, itemCount: Int) {
            self.id = id
            self.title = title
            self.description = description
            self.competencies = competencies
            self.passMark = passMark
            self.itemCount = itemCount
        }
    }

    public struct Certificate: Sendable {
        public var id: String
        /// A random subject id for this holder's credentials (`urn:uuid:...`), not the account id.
        public var holderID: UUID
        public var displayName: String
        public var programme: Programme
        public var competencyScores: [(code: String, score: Double)]
        public var issuedAt: Date
        public var expiresAt: Date
        public var statusIndex: Int
        /// Each signing key has its own status list, signed with that key, so a verifier that
        /// checks the list with the credential's own key still can after a rotation.
        public var statusListID: String

        public init(
            id: String,
            holderID: UUID,
            displayName: String,
            programme: Programme,
            competencyScores: [(code: String, score: Double)],
            issuedAt: Date,
            expiresAt: Date,
            statusIndex: Int,
            statusListID: String
        ) {
            self.id = id
            self.holderID = holderID
            self.displayName = displayName
            self.programme = programme
            self.competencyScores = competencyScores
            self.issuedAt = issuedAt
            self.expiresAt = expiresAt
            self.statusIndex = statusIndex
            self.statusListID = statusListID
        }
    }

    static func timestamp(_ date: Date) -> String {
        Date.ISO8601FormatStyle().format(Date(timeIntervalSince1970: date.timeIntervalSince1970.rounded(.down)))
    }

    public static func issuerID(_ base: URL) -> String { base.absoluteString + "/v1/issuer" }
    public static func credentialID(_ base: URL, _ certificateID: String) -> String { base.absoluteString + "/v1/certificates/\(certificateID)" }
    public static func achievementID(_ base: URL, _ programmeID: String) -> String {
        base.absoluteString + "/v1/certifications/\(programmeID)/achievement"
    }
    public static func statusListURL(_ base: URL, _ listID: String) -> String { base.absoluteString + "/v1/credentials/status/\(listID)" }

    public static func issuerProfile(_ base: URL) -> [String: Any] {
        [
            "@context": contexts,
            "id": issuerID(base),
            "type": ["Profile"],
            "name": "SafeSkills",
            "url": base.absoluteString,
            "description": "Chương trình quốc gia về kỹ năng an toàn trên mạng cơ bản / National programme for basic cyber-safety skills",
        ]
    }

    public static func achievement(_ programme: Programme, base: URL) -> [String: Any] {
        let id = achievementID(base, programme.id)
        return [
            "@context": contexts,
            "id": id,
            "type": ["Achievement"],
            "achievementType": "Certificate",
            "name": programme.title.vi + " / " + programme.title.en,
            "description": programme.description.vi + "\n\n" + programme.description.en,
            "criteria": [
                "narrative": "Đạt ít nhất \(Int((programme.passMark * 100).rounded()))% trong bài thi trực tuyến \(programme.itemCount) câu. / "
                    + "Scored at least \(Int((programme.passMark * 100).rounded()))% in the \(programme.itemCount)-question online exam."
            ],
            "alignment": programme.competencies.map { code in
                [
                    "type": ["Alignment"],
                    "targetName": "DigComp 2.2 \(code) " + (Competency.names[code]?.en ?? ""),
                    "targetUrl": id + "#competency-\(code)",
                    "targetCode": code,
                    "targetFramework": "DigComp 2.2",
                ] as [String: Any]
            },
        ]
    }

    public static func credential(_ certificate: Certificate, base: URL) -> [String: Any] {
        var achievement = achievement(certificate.programme, base: base)
        achievement["@context"] = nil
        return [
            "@context": contexts,
            "id": credentialID(base, certificate.id),
            "type": ["VerifiableCredential", "OpenBadgeCredential"],
            "issuer": ["id": issuerID(base), "type": ["Profile"], "name": "SafeSkills", "url": base.absoluteString] as [String: Any],
            "validFrom": timestamp(certificate.issuedAt),
            "validUntil": timestamp(certificate.expiresAt),
            "name": certificate.programme.title.vi + " / " + certificate.programme.title.en,
            "credentialSubject": [
                "id": "urn:uuid:\(certificate.holderID.uuidString.lowercased())",
                "type": ["AchievementSubject"],
                // The name is self-declared; it is carried as an unhashed identity object.
                "identifier": [
                    ["type": "IdentityObject", "identityHash": certificate.displayName, "identityType": "name", "hashed": false] as [String: Any]
                ],
                "achievement": achievement,
                "result": certificate.competencyScores.map { result in
                    [
                        "type": ["Result"], "value": String(format: "%.2f", result.score),
                        "alignment": [
                            [
                                "type": ["Alignment"], "targetName": "DigComp 2.2 \(result.code)",
                                "targetUrl": achievementID(base, certificate.programme.id) + "#competency-\(result.code)",
                                "targetCode": result.code,
                            ] as [String: Any]
                        ],
                    ] as [String: Any]
                },
            ] as [String: Any],
            "credentialStatus": [
                "id": statusListURL(base, certificate.statusListID) + "#\(certificate.statusIndex)",
                "type": "BitstringStatusListEntry",
                "statusPurpose": "revocation",
                "statusListIndex": String(certificate.statusIndex),
                "statusListCredential": statusListURL(base, certificate.statusListID),
            ],
        ]
    }

    /// The credential as a VC-JWT signed with `key`, its public JWK in the header.
    public static func sign(_ certificate: Certificate, base: URL, key: SigningKey) throws -> String {
        var payload = credential(certificate, base: base)
        payload["iss"] = issuerID(base)
        payload["nbf"] = Int(certificate.issuedAt.timeIntervalSince1970)
        payload["iat"] = Int(certificate.issuedAt.timeIntervalSince1970)
        payload["exp"] = Int(certificate.expiresAt.timeIntervalSince1970)
        payload["jti"] = credentialID(base, certificate.id)
        payload["sub"] = "urn:uuid:\(certificate.holderID.uuidString.lowercased())"
        let data = try JSONSerialization.data(withJSONObject: payload, options: [.sortedKeys, .withoutEscapingSlashes])
        return try JWS.sign(payload: data, header: ["typ": "JWT", "jwk": key.publicJWK], key: key)
    }

    /// The revocation list of the credentials `key` signed, as a BitstringStatusListCredential
    /// signed with that same key; `size` bits at least (more when indices go beyond the minimum).
    public static func statusList(revoked: Set<Int>, size: Int = StatusList.minimumBits, base: URL, now: Date, key: SigningKey) throws -> String {
        let url = statusListURL(base, key.kid)
        let payload: [String: Any] = [
            "@context": [contexts[0]],
            "id": url,
            "type": ["VerifiableCredential", "BitstringStatusListCredential"],
            "issuer": issuerID(base),
            "validFrom": timestamp(now),
            "credentialSubject": [
                "id": url + "#list",
                "type": "BitstringStatusList",
                "statusPurpose": "revocation",
                "encodedList": try StatusList.encodedList(revoked: revoked, size: size),
            ],
            "iss": issuerID(base),
            "nbf": Int(now.timeIntervalSince1970),
            "iat": Int(now.timeIntervalSince1970),
            "jti": url,
            "sub": url + "#list",
        ]
        let data = try JSONSerialization.data(withJSONObject: payload, options: [.sortedKeys, .withoutEscapingSlashes])
        return try JWS.sign(payload: data, header: ["typ": "JWT", "jwk": key.publicJWK], key: key)
    }
}
