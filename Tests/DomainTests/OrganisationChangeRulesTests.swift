import Domain
import Testing

@Suite struct OrganisationChangeRulesTests {
    let school = Organisation(
        id: "truong",
        parentID: "so",
        kind: .school,
        name: LocalizedText(vi: "Trường", en: "School"),
        province: "ha-noi",
        path: ["national", "so", "truong"]
    )

    func pointers(_ result: Result<OrganisationChange, ValidationFailure>) -> [String] {
        if case .failure(let failure) = result { failure.errors.map(\.pointer) } else { [] }
    }

    @Test func fieldsNotSentKeepTheirValues() throws {
        let change = try OrganisationChange.validate(["nameEn": .string("  Primary school ")], current: school).get()
        #expect(change.name == LocalizedText(vi: "Trường", en: "Primary school"))
        #expect(change.kind == .school && change.province == "ha-noi" && change.parentID == "so")
        #expect(!change.moves(from: school))
        let moved = try OrganisationChange.validate(["parentId": .string("so-khac")], current: school).get()
        #expect(moved.moves(from: school))
    }

    @Test func everyBadFieldIsNamedAtOnce() {
        let result = OrganisationChange.validate(
            ["nameVi": .string(""), "nameEn": .null, "kind": .string("castle"), "province": .string("Hà Nội"), "parentId": .integer(1)],
            current: school
        )
        #expect(Set(pointers(result)) == ["/nameVi", "/nameEn", "/kind", "/province", "/parentId"])
        #expect(pointers(OrganisationChange.validate(["parentId": .string("truong")], current: school)) == ["/parentId"])
    }

    @Test func theTreeRulesHoldAfterTheChange() {
        #expect(pointers(OrganisationChange.validate(["province": .null], current: school)) == ["/province"], "a school is in a province")
        #expect(pointers(OrganisationChange.validate(["parentId": .null], current: school)) == ["/parentId"], "only the top kinds stand at the top")
        #expect(pointers(OrganisationChange.validate(["kind": .string("national-programme")], current: school)) == ["/kind"])
        #expect(pointers(OrganisationChange.validate(["kind": .string("ministry"), "parentId": .null], current: school)).isEmpty)
        #expect(pointers(OrganisationChange.validate(["kind": .string("association"), "province": .null], current: school)).isEmpty)
    }
}
