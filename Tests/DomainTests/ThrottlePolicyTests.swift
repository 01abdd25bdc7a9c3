import Domain
import Foundation
import Testing

@Suite struct ThrottlePolicyTests {
    @Test func delayGrowsAfterTheFreeAttemptsUpToTheCap() {
        let policy = ThrottlePolicy.signInPerAccountAndAddress
        #expect((0...5).map { policy.delay(afterFailures: $0) } == [0, 0, 0, 0, 0, 0])
        #expect(policy.delay(afterFailures: 6) == 1)
        #expect(policy.delay(afterFailures: 7) == 2)
        #expect(policy.delay(afterFailures: 8) == 4)
        #expect(policy.delay(afterFailures: 20) == 900)
        #expect(policy.delay(afterFailures: 10_000) == 900)
    }

    @Test func anAccountAllowsMoreFailuresFromEverywhereThanFromOnePlace() {
        let anywhere = ThrottlePolicy.signInPerAccount
        let onePlace = ThrottlePolicy.signInPerAccountAndAddress
        #expect(anywhere.delay(afterFailures: 10) == 0 && onePlace.delay(afterFailures: 10) > 0)
        #expect(anywhere.delay(afterFailures: 11) == 1)
        #expect(anywhere.maximumDelay == onePlace.maximumDelay)
    }

    @Test func retryAfterIsWholeSecondsRoundedUpAndNeverZero() {
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        #expect(ThrottlePolicy.retryAfterSeconds(until: now.addingTimeInterval(0.2), now: now) == 1)
        #expect(ThrottlePolicy.retryAfterSeconds(until: now.addingTimeInterval(1), now: now) == 1)
        #expect(ThrottlePolicy.retryAfterSeconds(until: now.addingTimeInterval(1.01), now: now) == 2)
        #expect(ThrottlePolicy.retryAfterSeconds(until: now.addingTimeInterval(900), now: now) == 900)
        #expect(ThrottlePolicy.retryAfterSeconds(until: now, now: now) == 1)
    }
}
