import Domain
import Testing

@Suite struct OrganisationRulesTests {
    func pointers<T>(_ result: Result<T, ValidationFailure>) -> [String] {
        if case .failure(let failure) = result { failure.errors.map(\.pointer) } else { [] }
    }

    @Test func onlyTheNationalProgrammeAndMinistriesStandAtTheTop() {
        #expect(OrganisationKind.nationalProgramme.mayHave(parent: nil))
        #expect(OrganisationKind.ministry.mayHave(parent: nil))
        #expect(OrganisationKind.ministry.mayHave(parent: .nationalProgramme))
        #expect(!OrganisationKind.nationalProgramme.mayHave(parent: .ministry))
        #expect(!OrganisationKind.school.mayHave(parent: nil))
        #expect(OrganisationKind.school.mayHave(parent: .provinceDepartment))
        #expect(!OrganisationKind.association.mayHave(parent: .school), "a school has nothing below it")
    }

    @Test func aManagerSeesTheirOrganisationAndEverythingBelowIt() {
        let school = Organisation(
            id: "truong",
            parentID: "so",
            kind: .school,
            name: LocalizedText(vi: "Trường", en: "School"),
            province: "ha-noi",
            path: ["national", "so", "truong"]
        )
        #expect(school.isWithin(["so"]))
        #expect(school.isWithin(["truong"]))
        #expect(!school.isWithin(["so-khac", "truong-khac"]))
    }

    @Test func everyBadFieldIsNamed() {
        let result = NewOrganisation.validate([
            "id": .string("Có Dấu"), "parentId": .integer(3), "kind": .string("club"), "nameVi": .string(""), "nameEn": .string("ok"),
        ])
        #expect(Set(pointers(result)) == ["/id", "/parentId", "/kind", "/nameVi"])
        let school = NewOrganisation.validate([
            "id": .string("truong"), "kind": .string("school"), "nameVi": .string("Trường"), "nameEn": .string("School"),
        ])
        #expect(Set(pointers(school)) == ["/province", "/parentId"])
    }

    @Test func aClassNeedsContentDatesInOrderAndACapacity() {
        let result = CohortDetails.validate([
            "name": .string("Lớp"), "startsOn": .string("2026-03-10"), "endsOn": .string("2026-03-09"), "capacity": .integer(1001),
        ])
        #expect(Set(pointers(result)) == ["/courseIds", "/endsOn", "/capacity"])
        let ancient = CohortDetails.validate([
            "name": .string("Lớp"), "programId": .string("p"), "startsOn": .string("0000-01-01"), "endsOn": .string("2100-01-01"),
            "capacity": .integer(5),
        ])
        #expect(Set(pointers(ancient)) == ["/startsOn", "/endsOn"], "years PostgreSQL or the contract would refuse")
        let valid = CohortDetails.validate([
            "name": .string("Lớp"), "courseIds": .array([.string("a"), .string("a")]), "startsOn": .string("2026-03-10"),
            "endsOn": .string("2026-03-10"), "capacity": .integer(60),
        ])
        if case .success(let details) = valid {
            #expect(details.courseIDs == ["a"])
        } else {
            Issue.record("a valid class was refused")
        }
    }

    @Test func anImportNamesTheLineAndColumnOfEachProblem() {
        let csv = """
            id,parent,kind,name_vi,name_en,province
            national,,national-programme,Quốc gia,National,
            so,national,province-department,Sở,Department,ha-noi
            so,national,agency,Cơ quan,Agency,
            truong,so,school,Trường,School,
            bad line
            """
        guard case .failure(let failure) = OrganisationImport.parse(csv) else {
            Issue.record("a bad file was accepted")
            return
        }
        #expect(failure.errors.map(\.line) == [4, 5, 6])
        #expect(failure.errors.map(\.column) == ["id", "province", nil])
    }
}
