import Foundation

/// A registration that passed every rule in `Registration.validate`.
public struct Registration: Sendable, Equatable {
    public var identifier: ContactIdentifier
    public var password: String
    public var displayName: String
    public var locale: Language
    public var birthYear: Int?
    public var ageConfirmed: Bool
    public var guardianContact: ContactIdentifier?
    public var province: String?
    public var sex: Sex?
    public var groups: [LearnerGroup]
    public var consents: [ConsentGrant]
    public var deviceKey: String?

    public var needsGuardianConsent: Bool { guardianContact != nil }

    public init(
        identifier: ContactIdentifier,
        password: String,
        displayName: String,
        locale: Language,
        birthYear: Int? = nil,
        ageConfirmed: Bool = false,
        guardianContact: ContactIdentifier? = nil,
        province: String? = nil,
        sex: Sex? = nil,
        groups: [LearnerGroup] = [],
        consents: [ConsentGrant] = [],
        deviceKey: String? = nil
    ) {
        self.identifier = identifier
        self.password = password
        self.displayName = displayName
        self.locale = locale
        self.birthYear = birthYear
        self.ageConfirmed = ageConfirmed
        self.guardianContact = guardianContact
        self.province = province
        self.sex = sex
        self.groups = groups
        self.consents = consents
        self.deviceKey = deviceKey
    }
}

extension Registration {
    /// Checks a registration form and reports every invalid field at once.
    ///
    /// Whether the province code exists is the database's to say; the caller adds that error.
    public static func validate(
        _ form: [String: FormValue],
        now: Date,
        passwordPolicy: PasswordPolicy
    ) -> Result<Registration, ValidationFailure> {
        var reader = FormReader(form)

        let email = reader.string("email")
        let phone = reader.string("phone")
        var identifier: ContactIdentifier?
        switch (email, phone) {
        case (let email?, nil):
            identifier = ContactIdentifier.parseEmail(email)
            if identifier == nil { reader.fail("email", Messages.badEmail) }
        case (nil, let phone?):
            identifier = ContactIdentifier.parsePhone(phone)
            if identifier == nil { reader.fail("phone", Messages.badPhone) }
        case (nil, nil):
            reader.fail("email", Messages.emailOrPhone)
        case (_?, _?):
            reader.fail("phone", Messages.notBoth)
        }

        let displayName = reader.require(reader.string("displayName"), "displayName")
        if let displayName, let problem = ProfileRules.displayNameProblem(displayName) {
            reader.fail("displayName", problem)
        }

        let password = reader.require(reader.rawString("password"), "password")
        if let password,
            let problem = passwordPolicy.problem(with: password, personal: [identifier?.value, email, phone, displayName].compactMap { $0 })
        {
            reader.fail("password", problem)
        }

        let localeText = reader.require(reader.string("locale"), "locale")
        let locale = localeText.flatMap(Language.init(rawValue:))
        if localeText != nil, locale == nil { reader.fail("locale", Messages.badLocale) }

        let birthYear = reader.integer("birthYear")
        let ageConfirmedText = reader.string("ageConfirmed")
        if let birthYear, !ProfileRules.isPlausible(birthYear: birthYear, now: now) {
            reader.fail("birthYear", Messages.badBirthYear)
        }
        if let ageConfirmedText, ageConfirmedText != "16+" {
            reader.fail("ageConfirmed", Messages.badAgeConfirmed)
        }
        if birthYear == nil, ageConfirmedText == nil, reader.values["birthYear"] == nil {
            reader.fail("birthYear", Messages.birthYearOrAge)
        }
        if birthYear != nil, ageConfirmedText != nil {
            reader.fail("ageConfirmed", Messages.notBothAge)
        }

        var guardian: ContactIdentifier?
        let guardianText = reader.string("guardianContact")
        if let birthYear, ProfileRules.isPlausible(birthYear: birthYear, now: now), AgeRule.mayBeUnder16(birthYear: birthYear, now: now) {
            if let guardianText {
                guardian = ContactIdentifier.parse(guardianText)
                if guardian == nil {
                    reader.fail("guardianContact", Messages.badGuardian)
                } else if guardian == identifier {
                    reader.fail("guardianContact", Messages.guardianIsSelf)
                }
            } else {
                reader.fail("guardianContact", Messages.guardianNeeded)
            }
        } else if guardianText != nil {
            reader.fail("guardianContact", Messages.guardianNotNeeded)
        }

        let consents = ProfileRules.readConsents(&reader)
        let granted = Set(consents.map(\.purpose))
        if !granted.contains(.terms), !reader.errors.contains(where: { $0.pointer.hasPrefix("/consents") }) {
            reader.fail("consents", Messages.termsNeeded)
        }

        let profile = ProfileRules.readProfile(&reader, granted: granted)

        let deviceKey = reader.string("deviceKey")
        if let deviceKey, !DeviceKey.isWellFormed(deviceKey) {
            reader.fail("deviceKey", Messages.badDeviceKey)
        }

        guard reader.errors.isEmpty, let identifier, let password, let displayName, let locale else {
            return .failure(ValidationFailure(errors: reader.errors))
        }
        return .success(
            Registration(
                identifier: identifier,
                password: password.precomposedStringWithCanonicalMapping,
                displayName: displayName.precomposedStringWithCanonicalMapping,
                locale: locale,
                birthYear: birthYear,
                ageConfirmed: ageConfirmedText != nil,
                guardianContact: guardian,
                province: profile.province,
                sex: profile.sex,
                groups: profile.groups,
                consents: consents,
                deviceKey: deviceKey
            )
        )
    }
}

/// Invalid input, with every invalid field.
public struct ValidationFailure: Error, Sendable, Equatable {
    public var errors: [FieldError]

    public init(errors: [FieldError]) {
        self.errors = errors
    }
}

/// A front's pseudonymous device key: opaque, but bounded so it cannot carry anything else.
public enum DeviceKey {
    public static func isWellFormed(_ key: String) -> Bool {
        (16...128).contains(key.utf8.count)
            && key.utf8.allSatisfy { byte in
                (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
                    || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ".")
            }
    }
}
