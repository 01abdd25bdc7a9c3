import Crypto
import Domain
import Foundation

/// The issuer's Ed25519 key, kept in a file: `{"kid": "...", "privateKey": "<base64url>"}`.
///
/// The key id names the key in every credential's header and in the JWKS, so that after a
/// rotation old credentials still verify with their own key.
public struct SigningKey: Sendable {
    public let kid: String
    public let privateKey: Curve25519.Signing.PrivateKey

    public var publicKey: Curve25519.Signing.PublicKey { privateKey.publicKey }

    public init(kid: String, privateKey: Curve25519.Signing.PrivateKey) {
        self.kid = kid
        self.privateKey = privateKey
    }

    public static func generate(now: Date) -> SigningKey {
        let key = Curve25519.Signing.PrivateKey()
        let day = VietnamCalendar.day(of: now)
        let suffix = Base64URL.encode(key.publicKey.rawRepresentation.prefix(6))
        return SigningKey(kid: "\(day)-\(suffix)", privateKey: key)
    }

    struct File: Codable {
        var kid: String
        var privateKey: String
    }

    public struct Unreadable: Error, CustomStringConvertible {
        public var description: String
    }

    public func fileContents() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return try encoder.encode(File(kid: kid, privateKey: Base64URL.encode(privateKey.rawRepresentation)))
    }

    public static func read(_ data: Data) throws -> SigningKey {
        guard let file = try? JSONDecoder().decode(File.self, from: data),
            !file.kid.isEmpty, file.kid.count <= 64,
            let raw = Base64URL.decode(file.privateKey),
            let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: raw)
        else {
            throw Unreadable(description: "not a SafeSkills signing key file (make one with `safeskills keys generate`)")
        }
        return SigningKey(kid: file.kid, privateKey: key)
    }

    /// The public key as a JWK (RFC 8037, OKP Ed25519).
    public var publicJWK: [String: String] {
        Self.jwk(kid: kid, publicKey: publicKey.rawRepresentation)
    }

    public static func jwk(kid: String, publicKey: some Collection<UInt8>) -> [String: String] {
        ["kty": "OKP", "crv": "Ed25519", "x": Base64URL.encode(publicKey), "kid": kid, "alg": "EdDSA", "use": "sig"]
    }
}
