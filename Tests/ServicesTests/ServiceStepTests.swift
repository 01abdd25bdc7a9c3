import Domain
import Foundation
import PasswordHashing
import Persistence
import Services
import Testing

/// Business steps called directly, without HTTP: what handlers, the CLI and the dashboard rely on.
@Suite struct ServiceStepTests {
    @Test func importingTheSamePackTwiceChangesNothingTheSecondTime() async throws {
        try await ServiceFixture.withFresh { fixture in
            let packs = CoursePackService(context: fixture.context)
            let first = try await packs.importPack(at: ServiceFixture.examplePack, dryRun: false)
            let second = try await packs.importPack(at: ServiceFixture.examplePack, dryRun: false)
            #expect(first.outcome == .created)
            #expect(first.toVersion == 1)
            #expect(second.outcome == .unchanged)
            #expect(second.toVersion == 1)
            #expect(try await packs.report(second.importId).outcome == .unchanged, "the report is kept")
        }
    }

    @Test func aMissingPackIsReportedNotThrown() async throws {
        try await ServiceFixture.withFresh { fixture in
            let report = try await CoursePackService(context: fixture.context).importPack(at: "/nonexistent/pack", dryRun: true)
            #expect(report.outcome == .invalid)
            #expect(report.issues.map(\.message) == ["no such file or folder"])
        }
    }

    @Test func answerSaveRefusesATokenThatIsNotLiveBeforeAnythingElse() async throws {
        try await ServiceFixture.withFresh { fixture in
            let token = BearerToken.make(learnerID: UUID())
            // A malformed attempt id, an unknown one, and a malformed answer: each is a refusal the
            // caller could learn from, so a stranger hears only "not signed in".
            for (attempt, form) in [
                ("not-a-uuid", ["optionIds": FormValue.array([.string("a")])]),
                (UUID().uuidString, ["optionIds": .array([.string("a")])]),
                (UUID().uuidString, ["text": .integer(3)]),
            ] {
                await #expect(throws: Refusal(.unauthorized)) {
                    try await fixture.attempts.saveAnswer(token: token, attemptID: attempt, itemID: "ex-single", form: form)
                }
            }
        }
    }

    @Test func exactFiguresAreForAdministratorsOnly() async throws {
        try await ServiceFixture.withFresh { fixture in
            let figures = ReachFigures(context: fixture.context)
            let statistician = Principal(learnerID: UUID(), roles: [.statistician], chainID: UUID())
            let admin = Principal(learnerID: UUID(), roles: [.admin], chainID: UUID())
            await #expect(throws: Refusal.self) {
                try await figures.reach(on: figures.today, by: [], exact: true, caller: statistician)
            }
            let exact = try await figures.reach(on: figures.today, by: [.sex], exact: true, caller: admin)
            #expect(exact.day.report.people[.reached] == .some(0))
            #expect(exact.breakdown?.asOf == VietnamDay("2026-02-28"), "breakdowns are as of the last month end")
        }
    }

    @Test func anAdministratorIsCreatedOnceThenPromoted() async throws {
        try await ServiceFixture.withFresh { fixture in
            let admin = AdminService(context: fixture.context)
            let identifier = try #require(ContactIdentifier.parse("admin@example.org"))
            let hasher = PasswordHasherFixture.hasher
            let policy = PasswordPolicy(commonPasswords: [])
            let created = try await admin.createOrPromoteAdmin(
                identifier,
                displayName: "Quản trị",
                password: { "a long enough passphrase" },
                hasher: hasher,
                policy: policy
            )
            guard case .created(let id) = created else {
                Issue.record("expected a new account, got \(created)")
                return
            }
            let again = try await admin.createOrPromoteAdmin(
                identifier,
                displayName: "Quản trị",
                password: { "unused" },
                hasher: hasher,
                policy: policy
            )
            #expect(again == .promoted(id))
            #expect(try await admin.findUser(identifier)?.roles == [.admin])
        }
    }
}
