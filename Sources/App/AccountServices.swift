import Crypto
import Domain
import Foundation
import NIOCore
import PasswordHashing
import Persistence

/// What the account handlers need beyond the database: hashing, rules, codes and delivery.
public struct AccountServices: Sendable {
    let hasher: PasswordHasher
    let passwordPolicy: PasswordPolicy
    let notifier: any Notifier
    let throttle: ThrottleStore
    let codes: VerificationCodeStore
    let lifetimes: TokenStore.Lifetimes
    private let secret: SymmetricKey

    public init(hasher: PasswordHasher, passwordPolicy: PasswordPolicy, notifier: any Notifier, secretKey: [UInt8]) {
        let secret = SymmetricKey(data: secretKey)
        self.hasher = hasher
        self.passwordPolicy = passwordPolicy
        self.notifier = notifier
        self.throttle = ThrottleStore(secret: secret)
        self.codes = VerificationCodeStore(secret: secret)
        self.lifetimes = TokenStore.Lifetimes()
        self.secret = secret
    }

    /// The keyed hash that stands in for a front's device key: the key itself is never stored.
    func deviceHash(_ deviceKey: String) -> ByteBuffer {
        ByteBuffer(bytes: HMAC<SHA256>.authenticationCode(for: Data("device:\(deviceKey)".utf8), using: secret))
    }
}
