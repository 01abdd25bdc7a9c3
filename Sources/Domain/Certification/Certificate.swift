import Foundation

/// A certificate a passed exam earned: who holds it, what it attests, and whether it still does.
public struct Certificate: Sendable, Equatable {
    public enum Status: String, Sendable { case valid, expired, revoked }

    public var learnerID: UUID
    public var id: String
    public var programID: String
    /// Stable across a learner's renewals of one programme, and not their account id.
    public var holderID: UUID
    /// Nil once the holder has erased their account.
    public var displayName: String?
    public var competencyScores: [String: Double]
    public var issuedAt: Date
    public var expiresAt: Date
    public var statusIndex: Int
    /// The signed credential, made once at issuance; nil after erasure.
    public var credentialJWT: String?
    public var previousID: String?
    public var revokedAt: Date?
    public var revocationReason: String?

    public init(
        learnerID: UUID,
        id: String,
        programID: String,
        holderID: UUID,
        displayName: String?,
        competencyScores: [String: Double],
        issuedAt: Date,
        expiresAt: Date,
        statusIndex: Int,
        credentialJWT: String?,
        previousID: String?,
        revokedAt: Date? = nil,
        revocationReason: String? = nil
    ) {
        self.learnerID = learnerID
        self.id = id
        self.programID = programID
        self.holderID = holderID
        self.displayName = displayName
        self.competencyScores = competencyScores
        self.issuedAt = issuedAt
        self.expiresAt = expiresAt
        self.statusIndex = statusIndex
        self.credentialJWT = credentialJWT
        self.previousID = previousID
        self.revokedAt = revokedAt
        self.revocationReason = revocationReason
    }

    /// Revocation wins over expiry; a certificate is valid through the instant it expires.
    public func status(at now: Date) -> Status {
        if revokedAt != nil { return .revoked }
        return now > expiresAt ? .expired : .valid
    }

    /// When a certificate issued at `issuedAt` expires: `validityMonths` calendar months later,
    /// counted in Vietnam (the 31st rolls back to the month's last day).
    public static func expiry(issuedAt: Date, validityMonths: Int) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = VietnamCalendar.timeZone
        return calendar.date(byAdding: .month, value: validityMonths, to: issuedAt) ?? issuedAt
    }

    /// A new certificate id: 128 random bits, URL-safe, so ids cannot be guessed or enumerated.
    public static func newID(using generator: inout some RandomNumberGenerator) -> String {
        Base64URL.encode((0..<16).map { _ in UInt8.random(in: 0...255, using: &generator) })
    }

    /// Each competency's score: the mean of the credit earned on its items.
    public static func competencyScores(_ results: [(competency: String, earned: Double)]) -> [String: Double] {
        Dictionary(grouping: results, by: \.competency).mapValues { $0.map(\.earned).reduce(0, +) / Double($0.count) }
    }
}
