import Foundation

/// The first sign-in of a managed account, with the card's code: the password the person chooses
/// and the consents they give, the terms among them. Whether the code is right is the service's
/// to say, after every field here passed.
public struct FirstSignIn: Sendable, Equatable {
    public var signInName: String
    public var code: String
    public var password: String
    public var consents: [ConsentGrant]
    public var deviceKey: String?

    /// Checks the fields (`signInName`, `code`, `password`, `consents`, `deviceKey`) and reports
    /// every invalid one. A name or code that cannot be one is not a field error: it is answered
    /// like a wrong code, so the answer says nothing about which names exist.
    public static func validate(_ form: [String: FormValue], passwordPolicy: PasswordPolicy) -> Result<FirstSignIn, ValidationFailure> {
        var reader = FormReader(form)
        let name = reader.require(reader.string("signInName"), "signInName")?.lowercased()
        let code = reader.require(reader.string("code"), "code")
        let password = reader.require(reader.rawString("password"), "password")
        if let password, let problem = passwordPolicy.problem(with: password, personal: [name].compactMap { $0 }) {
            reader.fail("password", problem)
        }
        let consents = ProfileRules.readConsents(&reader)
        if !consents.contains(where: { $0.purpose == .terms }), !reader.errors.contains(where: { $0.pointer.hasPrefix("/consents") }) {
            reader.fail("consents", Messages.termsNeeded)
        }
        let deviceKey = reader.string("deviceKey")
        if let deviceKey, !DeviceKey.isWellFormed(deviceKey) {
            reader.fail("deviceKey", Messages.badDeviceKey)
        }
        guard reader.errors.isEmpty, let name, let code, let password else { return .failure(ValidationFailure(errors: reader.errors)) }
        return .success(
            FirstSignIn(
                signInName: name,
                code: code,
                password: password.precomposedStringWithCanonicalMapping,
                consents: consents,
                deviceKey: deviceKey
            )
        )
    }
}
