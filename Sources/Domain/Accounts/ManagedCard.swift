import Foundation

/// A managed account's sign-in name, such as `hv-7k3m9q`: "hv" for học viên (learner), then six
/// characters from an alphabet without the ones people confuse, so it reads the same on paper
/// and typed on a phone. Not a secret (the card's code is), so it comes from the `RandomSource`.
public enum SignInName {
    public static let prefix = "hv-"
    static let alphabet = Array("abcdefghjkmnpqrstuvwxyz23456789")
    static let length = 6

    public static func generate(random: RandomSource) -> String {
        var generator = random.generator
        return prefix + String((0..<length).map { _ in alphabet.randomElement(using: &generator)! })
    }

    /// Whether `text` (already lower-cased) can be a sign-in name at all.
    public static func isWellFormed(_ text: String) -> Bool {
        text.hasPrefix(prefix) && text.count == prefix.count + length && text.dropFirst(prefix.count).allSatisfy(alphabet.contains)
    }
}

/// The one-time code printed on a managed account's card: ten characters of the join codes'
/// alphabet (31^10, about 2^49.5), shown as `K7MQ3-TPXWA`. It is a secret, so the caller draws it
/// from the system's generator; it is stored only as a keyed hash and works once.
public enum FirstSignInCode {
    static let length = 10
    /// How long a printed card's code stays valid: a school term.
    public static let lifetime: TimeInterval = 90 * 86400

    public static func generate(using generator: inout some RandomNumberGenerator) -> String {
        String((0..<length).map { _ in JoinCode.alphabet.randomElement(using: &generator)! })
    }

    public static func display(_ code: String) -> String {
        "\(code.prefix(length / 2))-\(code.suffix(length / 2))"
    }

    /// The code as typed (case, spaces and hyphens do not matter), or nil when it cannot be one.
    public static func normalize(_ typed: String) -> String? {
        let code = typed.uppercased().filter { $0 != " " && $0 != "-" }
        guard code.count == length, code.allSatisfy(JoinCode.alphabet.contains) else { return nil }
        return code
    }
}

/// One printed card: whose it is, the name they sign in with and their one-time code. The code
/// exists only in this value, in the one response that shows it.
public struct ManagedCard: Sendable, Equatable {
    public var learnerID: UUID
    public var displayName: String
    public var signInName: String
    public var code: String
    public var expiresAt: Date

    public init(learnerID: UUID, displayName: String, signInName: String, code: String, expiresAt: Date) {
        self.learnerID = learnerID
        self.displayName = displayName
        self.signInName = signInName
        self.code = code
        self.expiresAt = expiresAt
    }

    /// What the card's QR code holds: the sign-in name and the code as printed, one space apart,
    /// which the first sign-in reads back (`FirstSignInCode.normalize` ignores the hyphen).
    public var qrText: String { "\(signInName) \(FirstSignInCode.display(code))" }
}

/// The cards of one class, for one printed sheet.
public struct ManagedCardSheet: Sendable, Equatable {
    public var classID: UUID
    public var className: String
    public var cards: [ManagedCard]

    public init(classID: UUID, className: String, cards: [ManagedCard]) {
        self.classID = classID
        self.className = className
        self.cards = cards
    }
}
