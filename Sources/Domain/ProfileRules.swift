import Foundation

/// Rules shared by registration and profile changes.
public enum ProfileRules {
    public struct Profile: Sendable, Equatable {
        public var province: String?
        public var sex: Sex?
        public var groups: [LearnerGroup]
    }

    public static func displayNameProblem(_ name: String) -> LocalizedText? {
        let normalized = name.precomposedStringWithCanonicalMapping
        if normalized.count > 100 {
            return LocalizedText(vi: "Tên hiển thị dài tối đa 100 ký tự.", en: "The display name can be at most 100 characters.")
        }
        if normalized.unicodeScalars.contains(where: { $0.properties.generalCategory == .control || $0.properties.generalCategory == .format }) {
            return LocalizedText(vi: "Tên hiển thị có ký tự không hợp lệ.", en: "The display name has characters that are not allowed.")
        }
        return nil
    }

    public static func isPlausible(birthYear: Int, now: Date) -> Bool {
        let year = VietnamCalendar.year(of: now)
        return (year - 120...year).contains(birthYear)
    }

    /// `consents`: a list of `{"purpose": ..., "version": ...}`, each a purpose granted now.
    static func readConsents(_ reader: inout FormReader) -> [ConsentGrant] {
        guard let items = reader.objectArray("consents") else { return [] }
        var grants: [ConsentGrant] = []
        for (index, item) in items.enumerated() {
            var inner = FormReader(item, prefix: "/consents/\(index)")
            let purposeText = inner.require(inner.string("purpose"), "purpose")
            let version = inner.require(inner.string("version"), "version")
            let purpose = purposeText.flatMap(ConsentPurpose.init(rawValue:))
            if purposeText != nil, purpose == nil {
                inner.fail("purpose", Messages.badConsentPurpose)
            }
            if let purpose, let version, version != purpose.currentVersion {
                inner.fail("version", Messages.staleConsent(purpose.currentVersion))
            }
            for error in inner.errors {
                reader.fail(String(error.pointer.dropFirst()), error.message)
            }
            if inner.errors.isEmpty, let purpose, let version {
                if grants.contains(where: { $0.purpose == purpose }) {
                    reader.fail("consents/\(index)/purpose", Messages.duplicateConsent)
                } else {
                    grants.append(ConsentGrant(purpose: purpose, version: version))
                }
            }
        }
        return grants
    }

    /// The `groups` list, each once; an unknown group, or a sensitive one without its consent,
    /// is an error at its index.
    static func readGroups(_ reader: inout FormReader, granted: Set<ConsentPurpose>) -> [LearnerGroup] {
        var groups: [LearnerGroup] = []
        for (index, text) in (reader.stringArray("groups") ?? []).enumerated() {
            guard let group = LearnerGroup(rawValue: text) else {
                reader.fail("groups/\(index)", Messages.badGroup)
                continue
            }
            if let needed = group.requiredConsent, !granted.contains(needed) {
                reader.fail("groups/\(index)", Messages.sensitiveConsentNeeded(needed))
            } else if !groups.contains(group) {
                groups.append(group)
            }
        }
        return groups
    }

    /// Province, sex and groups: optional, and accepted only with the consents they need.
    static func readProfile(_ reader: inout FormReader, granted: Set<ConsentPurpose>) -> Profile {
        let province = reader.string("province")
        if let province, !isSlug(province) {
            reader.fail("province", Messages.badProvince)
        }
        let sexText = reader.string("sex")
        let sex = sexText.flatMap(Sex.init(rawValue:))
        if sexText != nil, sex == nil {
            reader.fail("sex", Messages.badSex)
        }
        let groups = readGroups(&reader, granted: granted)
        let givesProfile = province != nil || sex != nil || !groups.isEmpty
        if givesProfile, !granted.contains(.statistics) {
            reader.fail("consents", Messages.statisticsConsentNeeded)
        }
        return Profile(province: province, sex: sex, groups: groups)
    }

    public static func isSlug(_ text: String) -> Bool {
        (1...64).contains(text.utf8.count)
            && text.utf8.allSatisfy { (0x61...0x7A).contains($0) || (0x30...0x39).contains($0) || $0 == UInt8(ascii: "-") }
    }
}
