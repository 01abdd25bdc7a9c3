import Crypto
import Domain
import Foundation

/// Compact JWS with EdDSA (Ed25519), as VC-JWT uses it.
///
/// Verification is strict: every part must be canonical base64url, so that a credential has
/// exactly one valid encoding and any changed byte fails.
public enum JWS {
    public enum Failure: Error, Equatable {
        case malformed
        case unknownKey(String)
        case badSignature
        case unsupportedAlgorithm
    }

    /// Signs `payload` (JSON bytes) with `header` fields added to `alg` and `kid`.
    public static func sign(payload: Data, header extra: [String: Any], key: SigningKey) throws -> String {
        var header: [String: Any] = ["alg": "EdDSA", "kid": key.kid]
        header.merge(extra) { current, _ in current }
        let headerData = try JSONSerialization.data(withJSONObject: header, options: [.sortedKeys, .withoutEscapingSlashes])
        let signingInput = Base64URL.encode(headerData) + "." + Base64URL.encode(payload)
        let signature = try key.privateKey.signature(for: Data(signingInput.utf8))
        return signingInput + "." + Base64URL.encode(signature)
    }

    public struct Verified {
        public var header: [String: Any]
        public var payload: Data
        public var kid: String
    }

    /// Checks the signature with the public key the header's `kid` names.
    public static func verify(_ token: String, publicKeys: [String: Curve25519.Signing.PublicKey]) throws -> Verified {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3,
            let headerBytes = Base64URL.decode(String(parts[0])),
            let payloadBytes = Base64URL.decode(String(parts[1])),
            let signature = Base64URL.decode(String(parts[2])),
            let header = try? JSONSerialization.jsonObject(with: Data(headerBytes)) as? [String: Any]
        else { throw Failure.malformed }
        guard header["alg"] as? String == "EdDSA" else { throw Failure.unsupportedAlgorithm }
        guard let kid = header["kid"] as? String else { throw Failure.malformed }
        guard let key = publicKeys[kid] else { throw Failure.unknownKey(kid) }
        let signingInput = Data("\(parts[0]).\(parts[1])".utf8)
        guard key.isValidSignature(Data(signature), for: signingInput) else { throw Failure.badSignature }
        return Verified(header: header, payload: Data(payloadBytes), kid: kid)
    }
}
