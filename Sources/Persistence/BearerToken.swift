import Crypto
import Foundation
import NIOCore

/// Opaque bearer tokens: the learner's id followed by 256 random bits, in base64url.
///
/// Naming the learner lets a token be found among that learner's rows alone (the tables lead
/// their keys with `learner_id`); the random part is what makes it unguessable. Only the SHA-256
/// of the whole token is stored.
public struct BearerToken: Sendable, Equatable {
    public var learnerID: UUID
    public var text: String

    public var hash: ByteBuffer { ByteBuffer(bytes: SHA256.hash(data: Data(text.utf8))) }

    public static func make(learnerID: UUID) -> BearerToken {
        var generator = SystemRandomNumberGenerator()
        var bytes = withUnsafeBytes(of: learnerID.uuid) { Array($0) }
        bytes += (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        return BearerToken(learnerID: learnerID, text: Base64URL.encode(bytes))
    }

    /// Reads a token a client sent; anything not exactly in the issued form is refused.
    public static func parse(_ text: String) -> BearerToken? {
        guard text.utf8.count == 64, let bytes = Base64URL.decode(text), bytes.count == 48 else { return nil }
        let id = bytes.prefix(16)
        let uuid = UUID(uuid: (id[0], id[1], id[2], id[3], id[4], id[5], id[6], id[7], id[8], id[9], id[10], id[11], id[12], id[13], id[14], id[15]))
        return BearerToken(learnerID: uuid, text: text)
    }
}

/// Base64url without padding (RFC 4648 §5), refusing non-canonical input.
public enum Base64URL {
    public static func encode(_ bytes: some Collection<UInt8>) -> String {
        Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// The bytes, or nil for anything but the canonical encoding (so a changed character can
    /// never decode to the same bytes).
    public static func decode(_ text: String) -> [UInt8]? {
        guard text.utf8.allSatisfy({ byte in
            (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) || (0x30...0x39).contains(byte)
                || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_")
        }), text.utf8.count % 4 != 1 else { return nil }
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.utf8.count % 4) % 4)
        guard let data = Data(base64Encoded: base64) else { return nil }
        let bytes = [UInt8](data)
        return encode(bytes) == text ? bytes : nil
    }
}
