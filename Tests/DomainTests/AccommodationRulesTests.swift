import Domain
import Foundation
import Testing

@Suite struct AccommodationRulesTests {
    static let start = Date(timeIntervalSince1970: 1_000_000)

    static func exam(minutes: Int?) -> Quiz {
        Quiz(
            id: "exam",
            lessonID: nil,
            title: LocalizedText(vi: "Thi", en: "Exam"),
            selection: .fixed(["q"]),
            timeLimitMinutes: minutes,
            maxAttempts: nil,
            cooldownMinutes: 0,
            passMark: 0.7,
            shuffleItems: false,
            shuffleOptions: false,
            review: .practiceDefault
        )
    }

    static func granted(_ percent: Int) -> Accommodation {
        Accommodation(timePercent: percent, reason: .disability, grantedAt: start, grantedBy: UUID())
    }

    @Test func extraTimeLengthensTheDeadlineByItsShare() {
        let quiz = Self.exam(minutes: 60)
        #expect(AttemptRules.deadline(startedAt: Self.start, quiz: quiz, accommodation: nil) == Self.start.addingTimeInterval(3_600))
        #expect(AttemptRules.deadline(startedAt: Self.start, quiz: quiz, accommodation: Self.granted(150)) == Self.start.addingTimeInterval(5_400))
        #expect(AttemptRules.deadline(startedAt: Self.start, quiz: quiz, accommodation: Self.granted(200)) == Self.start.addingTimeInterval(7_200))
    }

    /// 45 minutes at 125% is 56.25: the learner is told 57 and gets exactly 57.
    @Test func theToldLimitAndTheDeadlineAgreeToTheMinute() {
        let accommodation = Self.granted(125)
        #expect(accommodation.timeLimitMinutes(45) == 57)
        let deadline = AttemptRules.deadline(startedAt: Self.start, quiz: Self.exam(minutes: 45), accommodation: accommodation)
        #expect(deadline == Self.start.addingTimeInterval(57 * 60))
    }

    @Test func anUntimedQuizStaysUntimed() {
        #expect(AttemptRules.deadline(startedAt: Self.start, quiz: Self.exam(minutes: nil), accommodation: Self.granted(200)) == nil)
    }

    @Test func onlyTheFixedStepsAndKnownReasonsAreAccepted() {
        var good = FormReader(["timePercent": .integer(150), "reason": .string("low-literacy")])
        let read = Accommodation.read(&good)
        #expect(read?.timePercent == 150 && read?.reason == .lowLiteracy)
        #expect(good.errors.isEmpty)

        var bad = FormReader(["timePercent": .integer(300), "reason": .string("tired")])
        #expect(Accommodation.read(&bad) == nil)
        #expect(bad.errors.map(\.pointer) == ["/timePercent", "/reason"])

        var wrongKinds = FormReader(["timePercent": .string("150"), "reason": .integer(1)])
        #expect(Accommodation.read(&wrongKinds) == nil)
        #expect(wrongKinds.errors.map(\.pointer) == ["/timePercent", "/reason"])

        var missing = FormReader([:])
        #expect(Accommodation.read(&missing) == nil)
        #expect(missing.errors.map(\.pointer) == ["/timePercent", "/reason"])
    }
}
