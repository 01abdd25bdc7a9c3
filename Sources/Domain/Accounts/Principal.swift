import Foundation

/// What a person may do beyond learning. Everyone who registers is a learner; the other roles
/// are given by an administrator, and each grants only what it names.
public enum Role: String, Sendable, CaseIterable, Codable, Comparable {
    case learner
    case admin
    case statistician

    /// The roles that read aggregate statistics (never a person's data).
    public static let readsStatistics: Set<Role> = [.statistician, .admin]

    public static func < (lhs: Role, rhs: Role) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// Who is calling, once their access token checked out.
public struct Principal: Sendable, Equatable {
    public var learnerID: UUID
    /// The roles granted beyond `learner`, which everyone has.
    public var roles: Set<Role>
    /// The session: every token issued from one sign-in shares it.
    public var chainID: UUID
    /// An under-16 whose guardian has not yet confirmed: may manage the account, not learn.
    public var guardianPending: Bool

    public init(learnerID: UUID, roles: Set<Role>, chainID: UUID, guardianPending: Bool = false) {
        self.learnerID = learnerID
        self.roles = roles
        self.chainID = chainID
        self.guardianPending = guardianPending
    }

    public func has(_ role: Role) -> Bool { role == .learner || roles.contains(role) }

    public func hasAny(_ wanted: Set<Role>) -> Bool { wanted.contains(where: has) }
}

/// A signed-in person who may learn: an under-16 waits for their guardian's consent first.
public struct Learner: Sendable, Equatable {
    public var principal: Principal
    public var id: UUID { principal.learnerID }

    public init(_ principal: Principal) throws {
        guard !principal.guardianPending else {
            throw Refusal(
                .forbidden,
                detail: LocalizedText(
                    vi: "Cần cha mẹ hoặc người giám hộ xác nhận đồng ý trước khi bắt đầu học.",
                    en: "A parent or guardian needs to confirm their consent before learning starts."
                )
            )
        }
        self.principal = principal
    }
}
