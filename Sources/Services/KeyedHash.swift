import Crypto
import Foundation

/// The keyed hash that stands in for a personal value wherever one must be recognised again but
/// never read back: device keys, client addresses, the learner named in xAPI statements.
///
/// HMAC-SHA256 of "kind:value" under the server's secret key: the same on every instance, and no
/// way back to the value without the key. The kind keeps the uses apart.
public struct KeyedHash: Sendable {
    private let secret: SymmetricKey

    public init(secretKey: [UInt8]) {
        secret = SymmetricKey(data: secretKey)
    }

    public func callAsFunction(_ kind: String, _ value: String) -> [UInt8] {
        Array(HMAC<SHA256>.authenticationCode(for: Data("\(kind):\(value)".utf8), using: secret))
    }

    /// The hash as lowercase hexadecimal, for text fields.
    public func hex(_ kind: String, _ value: String) -> String {
        self(kind, value).map { String(format: "%02x", $0) }.joined()
    }
}
