import Domain
import Foundation
import Testing

@Suite struct PrincipalTests {
    static func principal(_ roles: Set<Role>, guardianPending: Bool = false) -> Principal {
        Principal(learnerID: UUID(), roles: roles, chainID: UUID(), guardianPending: guardianPending)
    }

    @Test func everyoneIsALearner() {
        #expect(Self.principal([]).has(.learner))
        #expect(Self.principal([.admin]).has(.learner))
        #expect(Self.principal([], guardianPending: true).has(.learner))
    }

    @Test func otherRolesOnlyWhenGranted() {
        let plain = Self.principal([])
        #expect(!plain.has(.admin) && !plain.has(.statistician))
        let statistician = Self.principal([.statistician])
        #expect(statistician.has(.statistician) && !statistician.has(.admin))
        let admin = Self.principal([.admin])
        #expect(admin.has(.admin) && !admin.has(.statistician), "admin does not imply the other roles")
    }

    @Test func hasAnyOfASet() {
        #expect(Self.principal([.statistician]).hasAny(Role.readsStatistics))
        #expect(Self.principal([.admin]).hasAny(Role.readsStatistics))
        #expect(!Self.principal([]).hasAny(Role.readsStatistics))
        #expect(Self.principal([]).hasAny([.learner, .admin]), "learner is held by everyone")
        #expect(!Self.principal([.admin, .statistician]).hasAny([]))
    }

    @Test func readingStatisticsTakesStatisticianOrAdmin() {
        #expect(Role.readsStatistics == [.statistician, .admin])
    }

    @Test func aLearnerAwaitingTheirGuardianMayNotLearn() {
        do {
            _ = try Learner(Self.principal([], guardianPending: true))
            Issue.record("learning was allowed before the guardian confirmed")
        } catch let refusal as Refusal {
            #expect(refusal.kind == .forbidden)
            #expect(refusal.detail?.en.contains("guardian") == true)
            #expect(refusal.errors.isEmpty)
        } catch {
            Issue.record("not a refusal: \(error)")
        }
    }

    @Test func anyoneElseIsALearner() throws {
        let principal = Self.principal([.admin])
        let learner = try Learner(principal)
        #expect(learner.id == principal.learnerID)
        #expect(learner.principal == principal)
    }
}
