import Foundation

/// A validated change to a person's own profile and consents (`PATCH /v1/me`).
///
/// The result always states the final province, sex and groups, because consents decide what may
/// be kept: withdrawing `statistics` clears all three, withdrawing a sensitive group's consent
/// removes that group.
public struct ProfileUpdate: Sendable, Equatable {
    public var displayName: String?
    public var locale: Language?
    /// nil: unchanged; `.some(nil)`: cleared.
    public var birthYear: Int??
    public var province: String?
    public var sex: Sex?
    public var groups: [LearnerGroup]
    public var grants: [ConsentGrant]
    public var withdrawals: [ConsentPurpose]
    /// Whether `province` is newly given and so must be checked against the reference table.
    public var provinceChanged: Bool
}

/// The parts of the current profile a change is judged against.
public struct CurrentProfile: Sendable, Equatable {
    public var granted: Set<ConsentPurpose>
    public var province: String?
    public var sex: Sex?
    public var groups: [LearnerGroup]
    public var guardianConfirmed: Bool

    public init(granted: Set<ConsentPurpose>, province: String?, sex: Sex?, groups: [LearnerGroup], guardianConfirmed: Bool) {
        self.granted = granted
        self.province = province
        self.sex = sex
        self.groups = groups
        self.guardianConfirmed = guardianConfirmed
    }
}

extension ProfileUpdate {
    public static func validate(_ form: [String: FormValue], current: CurrentProfile, now: Date) -> Result<ProfileUpdate, ValidationFailure> {
        var reader = FormReader(form)

        var displayName: String?
        if form["displayName"] != nil {
            displayName = reader.require(reader.string("displayName"), "displayName")
            if let name = displayName, let problem = ProfileRules.displayNameProblem(name) {
                reader.fail("displayName", problem)
            }
        }
        var locale: Language?
        if form["locale"] != nil, let text = reader.require(reader.string("locale"), "locale") {
            locale = Language(rawValue: text)
            if locale == nil { reader.fail("locale", Messages.badLocale) }
        }
        var birthYear: Int??
        if let value = form["birthYear"] {
            if value == .null {
                birthYear = .some(nil)
            } else if let year = reader.integer("birthYear") {
                if !ProfileRules.isPlausible(birthYear: year, now: now) {
                    reader.fail("birthYear", Messages.badBirthYear)
                } else if AgeRule.mayBeUnder16(birthYear: year, now: now), !current.guardianConfirmed {
                    reader.fail("birthYear", Messages.guardianNeeded)
                } else {
                    birthYear = .some(year)
                }
            }
        }

        let grants = ProfileRules.readConsents(&reader)
        var withdrawals: [ConsentPurpose] = []
        for (index, text) in (reader.stringArray("withdrawConsents") ?? []).enumerated() {
            guard let purpose = ConsentPurpose(rawValue: text) else {
                reader.fail("withdrawConsents/\(index)", Messages.badConsentPurpose)
                continue
            }
            if purpose == .terms {
                reader.fail("withdrawConsents/\(index)", Messages.termsCannotBeWithdrawn)
            } else if grants.contains(where: { $0.purpose == purpose }) {
                reader.fail("withdrawConsents/\(index)", Messages.grantAndWithdraw)
            } else if !withdrawals.contains(purpose) {
                withdrawals.append(purpose)
            }
        }
        let granted = current.granted.union(grants.map(\.purpose)).subtracting(withdrawals)

        // The profile as it would stand, field by field: sent values replace current ones.
        var province = current.province
        var provinceChanged = false
        if let value = form["province"] {
            if value == .null {
                province = nil
            } else if let text = reader.string("province") {
                if ProfileRules.isSlug(text) {
                    province = text
                    provinceChanged = text != current.province
                } else {
                    reader.fail("province", Messages.badProvince)
                }
            }
        }
        var sex = current.sex
        if let value = form["sex"] {
            if value == .null {
                sex = nil
            } else if let text = reader.string("sex") {
                sex = Sex(rawValue: text)
                if sex == nil { reader.fail("sex", Messages.badSex) }
            }
        }
        var groups = current.groups
        var groupsSent = false
        if form["groups"] != nil {
            groupsSent = true
            groups = ProfileRules.readGroups(&reader, granted: granted)
        }
        // Kept sensitive groups lose their place when their consent goes.
        groups.removeAll { group in group.requiredConsent.map { !granted.contains($0) } ?? false }

        if !granted.contains(.statistics) {
            let sentProfile =
                (form["province"] != nil && form["province"] != .null)
                || (form["sex"] != nil && form["sex"] != .null) || (groupsSent && !groups.isEmpty)
            if sentProfile {
                reader.fail("consents", Messages.statisticsConsentNeeded)
            }
            province = nil
            sex = nil
            groups = []
            provinceChanged = false
        }

        guard reader.errors.isEmpty else { return .failure(ValidationFailure(errors: reader.errors)) }
        return .success(
            ProfileUpdate(
                displayName: displayName?.precomposedStringWithCanonicalMapping,
                locale: locale,
                birthYear: birthYear,
                province: province,
                sex: sex,
                groups: groups,
                grants: grants,
                withdrawals: withdrawals,
                provinceChanged: provinceChanged
            )
        )
    }
}
