import Foundation

/// The rows of one reference table, ready to store.
public enum ReferenceRows: Sendable, Equatable {
    case internetUsers([InternetUsersRow])
    case targets([TargetRow])
    case provinces([ProvinceRow])
    case provinceCrosswalk([CrosswalkRow])

    public var table: ReferenceTable {
        switch self {
        case .internetUsers: .internetUsers
        case .targets: .targets
        case .provinces: .provinces
        case .provinceCrosswalk: .provinceCrosswalk
        }
    }
}

/// Internet users in a year, nationally or in one province (table `internet_users`).
public struct InternetUsersRow: Sendable, Equatable {
    public static let national = "national"

    public var year: Int
    /// `national` or a province code.
    public var scope: String
    public var internetUsers: Int
    public var shareOfPopulation: Decimal?
    /// When the figure was taken, as the source says it (`2025-01`).
    public var asOf: String?
    public var source: String
    /// Whether the figure is published or still to check.
    public var status: String

    public init(
        year: Int,
        scope: String,
        internetUsers: Int,
        shareOfPopulation: Decimal?,
        asOf: String?,
        source: String,
        status: String
    ) {
        self.year = year
        self.scope = scope
        self.internetUsers = internetUsers
        self.shareOfPopulation = shareOfPopulation
        self.asOf = asOf
        self.source = source
        self.status = status
    }
}

/// The reach indicator's target for a year (table `reach_targets`); no rate means no target.
public struct TargetRow: Sendable, Equatable {
    public var year: Int
    public var targetRate: Decimal?
    public var note: String?
    public var source: String

    public init(year: Int, targetRate: Decimal?, note: String?, source: String) {
        self.year = year
        self.targetRate = targetRate
        self.note = note
        self.source = source
    }
}

/// A provincial unit and the days it is valid (`YYYY-MM-DD`, inclusive; none means open).
public struct ProvinceRow: Sendable, Equatable {
    public var code: String
    public var name: String
    public var validFrom: String?
    public var validTo: String?
    public var formerName: String?

    public init(code: String, name: String, validFrom: String?, validTo: String?, formerName: String?) {
        self.code = code
        self.name = name
        self.validFrom = validFrom
        self.validTo = validTo
        self.formerName = formerName
    }
}

/// Where figures for a province code in use before 2025-07-01 belong after it.
public struct CrosswalkRow: Sendable, Equatable {
    public var fromCode: String
    public var toCode: String

    public init(fromCode: String, toCode: String) {
        self.fromCode = fromCode
        self.toCode = toCode
    }
}
