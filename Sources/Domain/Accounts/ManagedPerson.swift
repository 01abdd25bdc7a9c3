import Foundation

/// Someone without an email address or phone, as a manager enters them for a managed account:
/// a name, and what the person agreed to share. Sex and groups are kept only when the person
/// consents to statistics; for anyone who may be under 16 the manager records how the guardian's
/// consent was obtained.
public struct ManagedPerson: Sendable, Equatable {
    public var displayName: String
    public var birthYear: Int?
    public var statisticsConsent: Bool
    public var sex: Sex?
    public var groups: [LearnerGroup]
    public var guardian: GuardianConsentRecord?

    public init(
        displayName: String,
        birthYear: Int? = nil,
        statisticsConsent: Bool = false,
        sex: Sex? = nil,
        groups: [LearnerGroup] = [],
        guardian: GuardianConsentRecord? = nil
    ) {
        self.displayName = displayName
        self.birthYear = birthYear
        self.statisticsConsent = statisticsConsent
        self.sex = sex
        self.groups = groups
        self.guardian = guardian
    }

    /// The guardian's contact, when that is how their consent is to be confirmed.
    public var guardianContact: ContactIdentifier? {
        if case .contact(let contact)? = guardian { return contact }
        return nil
    }

    /// The consents the manager records for the person: only statistics, when they said yes.
    /// The terms are the person's own to accept, at their first sign-in.
    public var consents: [ConsentGrant] {
        statisticsConsent ? [ConsentGrant(purpose: .statistics, version: ConsentPurpose.statistics.currentVersion)] : []
    }
}

/// How a guardian's consent was obtained for someone who may be under 16.
public enum GuardianConsentRecord: Sendable, Equatable {
    /// The guardian can be reached here; they confirm with the code sent to them, as at registration.
    case contact(ContactIdentifier)
    /// The guardian signed a paper form, kept by the organisation under this reference.
    case paperForm(reference: String, signedOn: VietnamDay)
}

extension ManagedPerson {
    /// Checks one person's fields (`name`, `birthYear`, `statisticsConsent`, `sex`, `groups`,
    /// `guardianContact`, `guardianFormReference`, `guardianFormDate`) and reports every invalid one.
    ///
    /// `unknownAgeMayBeChild`: in a school's class a person without a birth year may be a child,
    /// so they too need a guardian's consent.
    public static func validate(
        _ form: [String: FormValue],
        prefix: String,
        now: Date,
        unknownAgeMayBeChild: Bool
    ) -> Result<ManagedPerson, ValidationFailure> {
        var reader = FormReader(form, prefix: prefix)
        let name = reader.require(reader.string("name"), "name")
        if let name, let problem = ProfileRules.displayNameProblem(name) {
            reader.fail("name", problem)
        }
        let birthYear = reader.integer("birthYear")
        if let birthYear, !ProfileRules.isPlausible(birthYear: birthYear, now: now) {
            reader.fail("birthYear", Messages.badBirthYear)
        }
        var statisticsConsent = false
        switch reader.values["statisticsConsent"] {
        case nil, .null?: break
        case .bool(let value)?: statisticsConsent = value
        default: reader.fail("statisticsConsent", ManagedAccountMessages.badYesNo)
        }
        let granted: Set<ConsentPurpose> = statisticsConsent ? [.statistics] : []
        let sexText = reader.string("sex")
        let sex = sexText.flatMap(Sex.init(rawValue:))
        if sexText != nil, sex == nil { reader.fail("sex", Messages.badSex) }
        let groups = ProfileRules.readGroups(&reader, granted: granted)
        if sex != nil || !groups.isEmpty, !statisticsConsent {
            reader.fail("statisticsConsent", Messages.statisticsConsentNeeded)
        }

        let contactText = reader.string("guardianContact")
        let reference = reader.string("guardianFormReference")
        let dateText = reader.string("guardianFormDate")
        var guardian: GuardianConsentRecord?
        if let contactText {
            if let contact = ContactIdentifier.parse(contactText) {
                guardian = .contact(contact)
            } else {
                reader.fail("guardianContact", Messages.badGuardian)
            }
            if reference != nil || dateText != nil { reader.fail("guardianContact", ManagedAccountMessages.contactOrForm) }
        } else if reference != nil || dateText != nil {
            switch reference {
            case nil: reader.fail("guardianFormReference", ManagedAccountMessages.formReferenceNeeded)
            case let text? where text.count > 100: reader.fail("guardianFormReference", ManagedAccountMessages.badFormReference)
            default: break
            }
            let date = dateText.flatMap(VietnamDay.init).flatMap { $0 <= VietnamDay(of: now) ? $0 : nil }
            if dateText == nil {
                reader.fail("guardianFormDate", ManagedAccountMessages.formDateNeeded)
            } else if date == nil {
                reader.fail("guardianFormDate", ManagedAccountMessages.badFormDate)
            }
            if let reference, reference.count <= 100, let date {
                guardian = .paperForm(reference: reference, signedOn: date)
            }
        }
        let mayBeChild = birthYear.map { AgeRule.mayBeUnder16(birthYear: $0, now: now) } ?? unknownAgeMayBeChild
        // A birth year that is wrong is reported as such; whether a guardian is needed waits for a right one.
        let birthYearWrong = reader.errors.contains { $0.pointer == "\(prefix)/birthYear" }
        if mayBeChild, !birthYearWrong, guardian == nil, contactText == nil, reference == nil, dateText == nil {
            reader.fail("guardianContact", ManagedAccountMessages.guardianRecordNeeded)
        }

        guard reader.errors.isEmpty, let name else { return .failure(ValidationFailure(errors: reader.errors)) }
        return .success(
            ManagedPerson(
                displayName: name.precomposedStringWithCanonicalMapping,
                birthYear: birthYear,
                statisticsConsent: statisticsConsent,
                sex: sex,
                groups: groups,
                guardian: mayBeChild ? guardian : nil
            )
        )
    }
}
