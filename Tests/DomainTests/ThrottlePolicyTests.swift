import Domain
import Testing

@Suite struct ThrottlePolicyTests {
    @Test func delayGrowsAfterTheFreeAttemptsUpToTheCap() {
        let policy = ThrottlePolicy.signInPerAccount
        #expect((0...5).map { policy.delay(afterFailures: $0) } == [0, 0, 0, 0, 0, 0])
        #expect(policy.delay(afterFailures: 6) == 1)
        #expect(policy.delay(afterFailures: 7) == 2)
        #expect(policy.delay(afterFailures: 8) == 4)
        #expect(policy.delay(afterFailures: 20) == 900)
        #expect(policy.delay(afterFailures: 10_000) == 900)
    }
}
