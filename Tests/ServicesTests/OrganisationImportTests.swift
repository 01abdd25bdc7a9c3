import Domain
import Foundation
import Persistence
import Services
import Testing

/// The tree from a spreadsheet, as `safeskills orgs import` reads it: all or nothing, every
/// problem by line and column.
@Suite struct OrganisationImportTests {
    @Test func aTreeIsImportedTopDown() async throws {
        try await ServiceFixture.withFresh { fixture in
            let organisations = OrganisationService(context: fixture.context)
            let outcome = try await organisations.importTree(
                """
                id,parent,kind,name_vi,name_en,province
                national,,national-programme,Chương trình quốc gia,National programme,
                so-ha-noi,national,province-department,Sở Hà Nội,Ha Noi department,ha-noi
                truong-a,so-ha-noi,school,"Trường A, Hà Nội",School A,ha-noi

                """
            )
            #expect(outcome == .imported(count: 3))
            let school = try await organisations.organisations(for: Principal(learnerID: UUID(), roles: [.admin], chainID: UUID()))
                .first { $0.id == "truong-a" }
            #expect(school?.path == ["national", "so-ha-noi", "truong-a"])
            #expect(school?.name.vi == "Trường A, Hà Nội")
        }
    }

    @Test func aBadFileAddsNothingAndNamesEveryLine() async throws {
        try await ServiceFixture.withFresh { fixture in
            let organisations = OrganisationService(context: fixture.context)
            let outcome = try await organisations.importTree(
                """
                id,parent,kind,name_vi,name_en,province
                national,,national-programme,Quốc gia,National,
                so-x,khong-co,province-department,Sở X,Department X,ha-noi
                so-y,national,province-department,Sở Y,Department Y,atlantis
                truong-z,national,school,Trường Z,School Z,ha-noi
                hoi,truong-z,association,Hội,Association,
                """
            )
            guard case .refused(let errors) = outcome else {
                Issue.record("a bad file was imported")
                return
            }
            #expect(errors.map(\.line) == [3, 4, 6])
            #expect(errors.map(\.column) == ["parent", "province", "parent"])
            let admin = Principal(learnerID: UUID(), roles: [.admin], chainID: UUID())
            #expect(try await organisations.organisations(for: admin).isEmpty, "nothing from a refused file is kept")
        }
    }
}
