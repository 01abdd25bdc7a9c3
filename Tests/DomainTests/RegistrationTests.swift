import Domain
import Foundation
import Testing

@Suite struct RegistrationTests {
    /// 2026-03-01, 09:00 in Vietnam.
    let now = Date(timeIntervalSince1970: 1_772_330_400)
    let policy = PasswordPolicy(commonPasswords: ["password", "12345678"])
    let terms: FormValue = .array([.object(["purpose": .string("terms"), "version": .string("2026-11")])])

    func validate(_ form: [String: FormValue]) -> Result<Registration, ValidationFailure> {
        Registration.validate(form, now: now, passwordPolicy: policy)
    }

    var valid: [String: FormValue] {
        [
            "phone": .string("0912 345 678"),
            "password": .string("trời hôm nay nhiều mây"),
            "displayName": .string("Bà Năm"),
            "locale": .string("vi"),
            "birthYear": .integer(1956),
            "consents": terms,
        ]
    }

    func pointers(_ result: Result<Registration, ValidationFailure>) -> [String] {
        guard case .failure(let failure) = result else { return [] }
        return failure.errors.map(\.pointer)
    }

    @Test func validRegistrationIsNormalised() throws {
        let registration = try validate(valid).get()
        #expect(registration.identifier == .phone("+84912345678"))
        #expect(registration.locale == .vi)
        #expect(registration.birthYear == 1956)
        #expect(registration.consents == [ConsentGrant(purpose: .terms, version: "2026-11")])
        #expect(!registration.needsGuardianConsent)
    }

    @Test func everyInvalidFieldIsReportedAtOnce() {
        let form: [String: FormValue] = [
            "email": .string("not-an-email"),
            "password": .string("short"),
            "displayName": .integer(5),
            "locale": .string("fr"),
            "birthYear": .string("1990"),
            "sex": .string("robot"),
            "groups": .array([.string("aliens")]),
            "consents": .array([.object(["purpose": .string("terms"), "version": .string("2020-01")])]),
            "deviceKey": .string("x"),
        ]
        let reported = Set(pointers(validate(form)))
        for pointer in ["/email", "/password", "/displayName", "/locale", "/birthYear", "/sex", "/groups/0", "/consents/0/version", "/deviceKey"] {
            #expect(reported.contains(pointer), "\(pointer) not reported")
        }
    }

    @Test func missingRequiredFieldsAreNamed() {
        #expect(Set(pointers(validate([:]))) == ["/email", "/displayName", "/password", "/locale", "/birthYear", "/consents"])
    }

    @Test func emailAndPhoneTogetherAreRefused() {
        var form = valid
        form["email"] = .string("nam@example.org")
        #expect(pointers(validate(form)) == ["/phone"])
    }

    @Test func commonPasswordIsRefused() {
        var form = valid
        form["password"] = .string("Password123")
        #expect(pointers(validate(form)) == ["/password"])
    }

    @Test func possiblyUnder16NeedsAGuardianWhoIsSomeoneElse() {
        var form = valid
        form["birthYear"] = .integer(2011)  // turns 15 in 2026
        #expect(pointers(validate(form)) == ["/guardianContact"])
        form["guardianContact"] = .string("0912345678")
        #expect(pointers(validate(form)) == ["/guardianContact"], "the guardian must not be the child")
        form["guardianContact"] = .string("me.cua.an@example.org")
        let registration = try? validate(form).get()
        #expect(registration?.guardianContact == .email("me.cua.an@example.org"))
        #expect(registration?.needsGuardianConsent == true)
    }

    @Test func turning16ThisYearStillCountsAsPossiblyUnder16() {
        var form = valid
        form["birthYear"] = .integer(2010)
        #expect(pointers(validate(form)) == ["/guardianContact"])
        form["birthYear"] = .integer(2009)
        #expect(pointers(validate(form)).isEmpty)
    }

    @Test func ageConfirmationReplacesTheBirthYear() {
        var form = valid
        form["birthYear"] = nil
        form["ageConfirmed"] = .string("16+")
        #expect((try? validate(form).get())?.ageConfirmed == true)
        form["birthYear"] = .integer(1990)
        #expect(pointers(validate(form)) == ["/ageConfirmed"])
    }

    @Test func guardianIsRefusedForAdults() {
        var form = valid
        form["guardianContact"] = .string("someone@example.org")
        #expect(pointers(validate(form)) == ["/guardianContact"])
    }

    @Test func termsAreRequiredAndNothingElseIsAssumed() throws {
        var form = valid
        form["consents"] = .array([])
        #expect(pointers(validate(form)) == ["/consents"])
        form["consents"] = terms
        #expect(try validate(form).get().consents.map(\.purpose) == [.terms])
    }

    @Test func profileNeedsTheStatisticsConsent() throws {
        var form = valid
        form["province"] = .string("ha-noi")
        form["sex"] = .string("female")
        #expect(pointers(validate(form)) == ["/consents"])
        form["consents"] = .array([
            .object(["purpose": .string("terms"), "version": .string("2026-11")]),
            .object(["purpose": .string("statistics"), "version": .string("2026-11")]),
        ])
        let registration = try validate(form).get()
        #expect(registration.province == "ha-noi")
        #expect(registration.sex == .female)
    }

    @Test func sensitiveGroupsNeedTheirOwnConsent() throws {
        var form = valid
        form["groups"] = .array([.string("older-person"), .string("person-with-disability"), .string("ethnic-minority")])
        form["consents"] = .array([
            .object(["purpose": .string("terms"), "version": .string("2026-11")]),
            .object(["purpose": .string("statistics"), "version": .string("2026-11")]),
            .object(["purpose": .string("ethnicity-data"), "version": .string("2026-11")]),
        ])
        #expect(pointers(validate(form)) == ["/groups/1"])
        form["groups"] = .array([.string("older-person"), .string("ethnic-minority")])
        #expect(try validate(form).get().groups == [.olderPerson, .ethnicMinority])
    }
}
