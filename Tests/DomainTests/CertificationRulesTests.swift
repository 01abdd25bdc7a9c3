import Domain
import Foundation
import Testing

@Suite struct CertificationRulesTests {
    let programme = Programme(examQuizID: "exam", validityMonths: 24, attemptsPerWindow: 3, windowDays: 30, prerequisiteCourse: nil)
    let now = Date(timeIntervalSince1970: 1_772_330_400)

    @Test func attemptsAreCountedInARollingWindow() {
        let day: TimeInterval = 86_400
        #expect(CertificationRules.standing(programme: programme, attemptStarts: [], now: now).attemptsLeft == 3)
        let starts = [now.addingTimeInterval(-29 * day), now.addingTimeInterval(-10 * day), now.addingTimeInterval(-1 * day)]
        let used = CertificationRules.standing(programme: programme, attemptStarts: starts, now: now)
        #expect(used.attemptsLeft == 0)
        #expect(used.nextAttemptAt == starts[0].addingTimeInterval(30 * day))
        let older = [now.addingTimeInterval(-31 * day)] + starts.dropFirst()
        #expect(CertificationRules.standing(programme: programme, attemptStarts: older, now: now).attemptsLeft == 1)
    }
}
