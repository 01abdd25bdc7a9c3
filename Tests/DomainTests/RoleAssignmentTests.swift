import Domain
import Foundation
import Testing

@Suite struct RoleAssignmentTests {
    let me = UUID()
    let someoneElse = UUID()

    func roles(_ result: Result<[Role], ValidationFailure>) -> [Role]? {
        if case .success(let roles) = result { roles } else { nil }
    }

    func pointers(_ result: Result<[Role], ValidationFailure>) -> [String]? {
        if case .failure(let failure) = result { failure.errors.map(\.pointer) } else { nil }
    }

    @Test func learnerIsEveryonesAndNotStored() {
        #expect(roles(RoleAssignment.validate(["learner"], target: someoneElse, actor: me)) == [])
        #expect(roles(RoleAssignment.validate(["learner", "statistician"], target: someoneElse, actor: me)) == [.statistician])
    }

    @Test func duplicatesAreStoredOnceAndTheResultIsSorted() {
        #expect(
            roles(RoleAssignment.validate(["statistician", "admin", "statistician", "admin", "learner"], target: someoneElse, actor: me))
                == [.admin, .statistician]
        )
        #expect(roles(RoleAssignment.validate(["statistician", "admin"], target: someoneElse, actor: me)) == [.admin, .statistician])
    }

    @Test func grantingAndRemovingForSomeoneElseWorks() {
        #expect(roles(RoleAssignment.validate(["admin"], target: someoneElse, actor: me)) == [.admin])
        #expect(roles(RoleAssignment.validate([], target: someoneElse, actor: me)) == [], "another admin's role may be removed")
    }

    @Test func eachUnknownRoleIsAnErrorAtItsIndex() {
        let result = RoleAssignment.validate(["admin", "owner", "statistician", "Admin", ""], target: someoneElse, actor: me)
        #expect(pointers(result) == ["/roles/1", "/roles/3", "/roles/4"], "role names are exact, lower case")
        if case .failure(let failure) = result {
            #expect(failure.errors.allSatisfy { $0.message.en.contains("learner, admin or statistician") })
        }
    }

    @Test func removingYourOwnAdminRoleIsRefused() {
        #expect(pointers(RoleAssignment.validate([], target: me, actor: me)) == ["/roles"])
        #expect(pointers(RoleAssignment.validate(["statistician", "learner"], target: me, actor: me)) == ["/roles"])
        if case .failure(let failure) = RoleAssignment.validate([], target: me, actor: me) {
            #expect(failure.errors.first?.message.en.contains("another administrator") == true)
        }
    }

    @Test func keepingYourOwnAdminRoleIsFine() {
        #expect(roles(RoleAssignment.validate(["admin"], target: me, actor: me)) == [.admin])
        #expect(roles(RoleAssignment.validate(["statistician", "admin"], target: me, actor: me)) == [.admin, .statistician])
    }

    @Test func anUnknownRoleIsReportedAloneEvenForYourself() {
        #expect(pointers(RoleAssignment.validate(["superuser"], target: me, actor: me)) == ["/roles/0"])
    }
}
