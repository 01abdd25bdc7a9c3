import Domain
import Foundation
import Testing

@Suite struct ManagedAccountRulesTests {
    /// 2026-03-01 in Vietnam.
    let now = Date(timeIntervalSince1970: 1_772_330_400)

    @Test func signInNamesAndCodesUseNoLookAlikes() {
        let random = RandomSource.seeded(4)
        var generator = RandomSource.seeded(5).generator
        for _ in 0..<200 {
            let name = SignInName.generate(random: random)
            #expect(SignInName.isWellFormed(name) && name.count == 9 && !name.dropFirst(3).contains { "0o1il".contains($0) }, "\(name)")
            let code = FirstSignInCode.generate(using: &generator)
            #expect(code.count == 10 && !code.contains { "0O1IL".contains($0) }, "\(code)")
            #expect(FirstSignInCode.normalize(FirstSignInCode.display(code).lowercased()) == code, "typed in lower case, with the hyphen")
        }
        #expect(FirstSignInCode.normalize("ABCDE-FGHJ") == nil && !SignInName.isWellFormed("hv-abc"))
    }

    @Test func theQRCodeHoldsTheNameAndTheCodeAsPrinted() {
        let card = ManagedCard(learnerID: UUID(), displayName: "An", signInName: "hv-7k3m9q", code: "K7MQ3TPXWA", expiresAt: now)
        #expect(card.qrText == "hv-7k3m9q K7MQ3-TPXWA")
    }

    @Test func aPersonWhoMayBeUnder16NeedsAGuardianRecord() {
        func check(_ form: [String: FormValue], school: Bool = false) -> [String] {
            switch ManagedPerson.validate(form, prefix: "/people/0", now: now, unknownAgeMayBeChild: school) {
            case .success: []
            case .failure(let failure): failure.errors.map(\.pointer)
            }
        }
        #expect(check(["name": .string("Na"), "birthYear": .integer(2014)]) == ["/people/0/guardianContact"])
        #expect(check(["name": .string("Na")], school: true) == ["/people/0/guardianContact"])
        #expect(check(["name": .string("Na")]) == [], "outside a school an unknown age is taken as an adult's")
        #expect(check(["name": .string("Na"), "birthYear": .integer(2014), "guardianContact": .string("me.na@example.org")]) == [])
        #expect(
            check(["name": .string("Na"), "birthYear": .integer(2014), "guardianFormReference": .string("P-1")]) == ["/people/0/guardianFormDate"]
        )
        let paper = ManagedPerson.validate(
            ["name": .string("Na"), "birthYear": .integer(2014), "guardianFormReference": .string("P-1"), "guardianFormDate": .string("2026-02-01")],
            prefix: "",
            now: now,
            unknownAgeMayBeChild: false
        )
        #expect((try? paper.get())?.guardian == .paperForm(reference: "P-1", signedOn: VietnamDay("2026-02-01")!))
    }

    @Test func sexAndGroupsAreKeptOnlyWithTheStatisticsConsent() {
        let form: [String: FormValue] = ["name": .string("Ba"), "birthYear": .integer(1950), "sex": .string("male")]
        let refused = ManagedPerson.validate(form, prefix: "", now: now, unknownAgeMayBeChild: false)
        #expect((try? refused.get()) == nil)
        var consenting = form
        consenting["statisticsConsent"] = .bool(true)
        let person = try? ManagedPerson.validate(consenting, prefix: "", now: now, unknownAgeMayBeChild: false).get()
        #expect(person?.sex == .male && person?.consents.map(\.purpose) == [.statistics])
    }

    @Test func csvLinesBecomeTheSameFieldsAsTheJSONList() throws {
        let text = ManagedPeopleCSV.header.joined(separator: ",") + "\nAn,1990,female,student rural-resident,có,,,\nBa,,,,,,,\n"
        let rows = try ManagedPeopleCSV.rows(text).get()
        #expect(rows.map(\.line) == [2, 3])
        #expect(rows[0].fields["groups"] == .array([.string("student"), .string("rural-resident")]))
        #expect(rows[0].fields["statisticsConsent"] == .bool(true) && rows[0].fields["birthYear"] == .integer(1990))
        #expect(rows[1].fields == ["name": .string("Ba")])
        guard case .failure(let failure) = ManagedPeopleCSV.rows("name\nAn\n") else {
            Issue.record("a wrong header is refused")
            return
        }
        #expect(failure.errors.map(\.pointer) == ["/lines/1"])
        #expect(ManagedPeopleCSV.column(ofField: "birthYear") == "birth_year")
    }
}
