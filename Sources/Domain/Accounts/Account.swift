import Foundation

/// A person's account as they and administrators see it: profile, roles, contacts and the
/// consents in force. Names, contacts and dimensions are self-declared.
public struct Account: Sendable, Equatable {
    /// An email address or phone number of the account, and whether its owner proved it.
    public struct Contact: Sendable, Equatable, Codable {
        /// `sign-in` for the account's own identifier, `guardian` for a guardian's.
        public var purpose: String
        public var kind: String
        public var value: String
        public var verified: Bool

        public init(purpose: String, kind: String, value: String, verified: Bool) {
            self.purpose = purpose
            self.kind = kind
            self.value = value
            self.verified = verified
        }
    }

    /// One grant or withdrawal of a consent purpose, at a version of its text.
    public struct ConsentRecord: Sendable, Equatable, Codable {
        public var purpose: String
        public var version: String
        public var granted: Bool
        public var recordedAt: Date

        public init(purpose: String, version: String, granted: Bool, recordedAt: Date) {
            self.purpose = purpose
            self.version = version
            self.granted = granted
            self.recordedAt = recordedAt
        }
    }

    public var id: UUID
    public var displayName: String
    public var locale: String
    public var birthYear: Int?
    public var ageConfirmed: Bool
    public var province: String?
    public var sex: String?
    public var groups: [String]
    /// The roles beyond `learner`, which everyone has.
    public var roles: [Role]
    public var guardianConsent: String
    public var createdAt: Date
    public var contacts: [Contact]
    /// The purposes granted now (the latest record per purpose, where it is a grant).
    public var consents: [ConsentRecord]

    public init(
        id: UUID,
        displayName: String,
        locale: String,
        birthYear: Int?,
        ageConfirmed: Bool,
        province: String?,
        sex: String?,
        groups: [String],
        roles: [Role],
        guardianConsent: String,
        createdAt: Date,
        contacts: [Contact],
        consents: [ConsentRecord]
    ) {
        self.id = id
        self.displayName = displayName
        self.locale = locale
        self.birthYear = birthYear
        self.ageConfirmed = ageConfirmed
        self.province = province
        self.sex = sex
        self.groups = groups
        self.roles = roles
        self.guardianConsent = guardianConsent
        self.createdAt = createdAt
        self.contacts = contacts
        self.consents = consents
    }
}
