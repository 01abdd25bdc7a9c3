import Crypto
import Domain
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
