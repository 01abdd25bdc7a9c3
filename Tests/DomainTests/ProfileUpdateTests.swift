import Domain
import Foundation
import Testing

@Suite struct ProfileUpdateTests {
    let now = Date(timeIntervalSince1970: 1_772_330_400)
    let current = CurrentProfile(
        granted: [.terms, .statistics, .disabilityData],
        province: "ha-noi",
        sex: .male,
        groups: [.olderPerson, .personWithDisability],
        guardianConfirmed: false
    )

    @Test func onlySentFieldsChange() throws {
        let update = try ProfileUpdate.validate(["displayName": .string("Ông Tư")], current: current, now: now).get()
        #expect(update.displayName == "Ông Tư")
        #expect(update.locale == nil)
        #expect(update.birthYear == nil)
        #expect(update.province == "ha-noi")
        #expect(update.groups == [.olderPerson, .personWithDisability])
        #expect(!update.provinceChanged)
    }

    @Test func nullClearsAnOptionalField() throws {
        let update = try ProfileUpdate.validate(["province": .null, "birthYear": .null], current: current, now: now).get()
        #expect(update.province == nil)
        #expect(update.birthYear == .some(nil))
    }

    @Test func withdrawingStatisticsClearsTheProfile() throws {
        let update = try ProfileUpdate.validate(["withdrawConsents": .array([.string("statistics")])], current: current, now: now).get()
        #expect(update.province == nil && update.sex == nil && update.groups.isEmpty)
        #expect(update.withdrawals == [.statistics])
    }

    @Test func withdrawingASensitiveConsentDropsThatGroup() throws {
        let update = try ProfileUpdate.validate(["withdrawConsents": .array([.string("disability-data")])], current: current, now: now).get()
        #expect(update.groups == [.olderPerson])
    }

    @Test func termsCannotBeWithdrawnAndDisplayNameCannotBeCleared() {
        guard
            case .failure(let failure) = ProfileUpdate.validate(
                ["withdrawConsents": .array([.string("terms")]), "displayName": .null],
                current: current,
                now: now
            )
        else {
            Issue.record("accepted")
            return
        }
        #expect(Set(failure.errors.map(\.pointer)) == ["/withdrawConsents/0", "/displayName"])
    }

    @Test func becomingPossiblyUnder16NeedsAConfirmedGuardian() {
        guard case .failure(let failure) = ProfileUpdate.validate(["birthYear": .integer(2012)], current: current, now: now) else {
            Issue.record("accepted")
            return
        }
        #expect(failure.errors.map(\.pointer) == ["/birthYear"])
    }
}
