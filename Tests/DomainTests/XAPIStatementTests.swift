import Domain
import Foundation
import Testing

/// Statements say what the profile says, name the learner only by the hashed account, and are
/// the same text every time they are built.
@Suite struct XAPIStatementTests {
    let profile = XAPIProfile(publicBaseURL: URL(string: "https://safeskills.example.org/")!)
    let id = UUID(uuidString: "0B3C4A6E-6A4E-4BD4-9A0C-5B1F8D3E1A11")!
    let at = Date(timeIntervalSince1970: 1_772_330_400)
    let attempt = LearningEvent.AttemptRef(
        attemptID: UUID(uuidString: "11111111-2222-4333-8444-555555555555")!,
        quizID: "final-exam",
        courseID: "cyber-safety-certificate",
        exam: true
    )

    func statement(_ event: LearningEvent) throws -> [String: Any] {
        let text = profile.statement(id: id, actorName: "ab12", event: event, at: at)
        return try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    func verb(_ statement: [String: Any]) -> String? { (statement["verb"] as? [String: Any])?["id"] as? String }
    func object(_ statement: [String: Any]) -> String? { (statement["object"] as? [String: Any])?["id"] as? String }
    func parent(_ statement: [String: Any]) -> String? {
        (((statement["context"] as? [String: Any])?["contextActivities"] as? [String: Any])?["parent"] as? [[String: Any]])?.first?["id"]
            as? String
    }

    @Test func theLearnerIsAnAccountOfThisServerAndNothingElse() throws {
        let registered = try statement(.registered)
        let actor = try #require(registered["actor"] as? [String: Any])
        #expect(actor.keys.sorted() == ["account", "objectType"])
        #expect(actor["objectType"] as? String == "Agent")
        #expect((actor["account"] as? [String: String]) == ["homePage": "https://safeskills.example.org", "name": "ab12"])
        #expect(registered["id"] as? String == "0b3c4a6e-6a4e-4bd4-9a0c-5b1f8d3e1a11")
        #expect(registered["timestamp"] as? String == "2026-03-01T02:00:00.000Z")
        #expect(verb(registered) == "http://adlnet.gov/expapi/verbs/registered")
        #expect(object(registered) == "https://safeskills.example.org")
    }

    @Test func eachEventHasItsVerbAndActivity() throws {
        let base = "https://safeskills.example.org"
        let enrolled = try statement(.enrolled(courseID: "basic-cyber-safety"))
        #expect(verb(enrolled) == "http://adlnet.gov/expapi/verbs/registered")
        #expect(object(enrolled) == "\(base)/v1/courses/basic-cyber-safety")

        let opened = try statement(.openedLesson(courseID: "basic-cyber-safety", lessonID: "backups"))
        #expect(verb(opened) == "http://adlnet.gov/expapi/verbs/experienced")
        #expect(object(opened) == "\(base)/v1/courses/basic-cyber-safety/lessons/backups")
        #expect(parent(opened) == "\(base)/v1/courses/basic-cyber-safety")

        let completed = try statement(.completedLesson(courseID: "basic-cyber-safety", lessonID: "backups"))
        #expect(verb(completed) == "http://adlnet.gov/expapi/verbs/completed")
        #expect((completed["result"] as? [String: Any])?["completion"] as? Bool == true)
        #expect(object(try statement(.completedCourse(courseID: "basic-cyber-safety"))) == "\(base)/v1/courses/basic-cyber-safety")

        let earned = try statement(.earnedCertificate(programID: "cyber-safety-certificate", expiresAt: at.addingTimeInterval(86400)))
        #expect(verb(earned) == "http://specification.openbadges.org/xapi/verbs/earned")
        #expect(object(earned) == "\(base)/v1/certifications/cyber-safety-certificate/achievement")
        let lost = try statement(.lostCertificate(programID: "cyber-safety-certificate", reason: .revoked))
        #expect(verb(lost) == "\(base)/xapi/verbs/lost")
        #expect(object(lost) == "\(base)/v1/certifications/cyber-safety-certificate/achievement")
        #expect(
            ((lost["result"] as? [String: Any])?["extensions"] as? [String: String])?["\(base)/xapi/extensions/reason"] == "revoked"
        )
    }

    @Test func aGradeCarriesScoreAndSuccessWithTheAttemptAsRegistration() throws {
        let passed = try statement(.graded(LearningEvent.Grade(attempt: attempt, score: 0.8333333, passed: true, itemCount: 30)))
        #expect(verb(passed) == "http://adlnet.gov/expapi/verbs/passed")
        #expect(object(passed) == "https://safeskills.example.org/v1/quizzes/final-exam")
        #expect(parent(passed) == "https://safeskills.example.org/v1/certifications/cyber-safety-certificate")
        let result = try #require(passed["result"] as? [String: Any])
        #expect(result["success"] as? Bool == true)
        let score = try #require(result["score"] as? [String: Any])
        #expect(score["scaled"] as? Double == 0.8333)
        #expect(score["raw"] as? Double == 25)
        #expect(score["max"] as? Int == 30)
        #expect((passed["context"] as? [String: Any])?["registration"] as? String == "11111111-2222-4333-8444-555555555555")

        var practice = attempt
        practice.exam = false
        let failed = try statement(.graded(LearningEvent.Grade(attempt: practice, score: 0.2, passed: false, itemCount: 5)))
        #expect(verb(failed) == "http://adlnet.gov/expapi/verbs/failed")
        #expect(parent(failed) == "https://safeskills.example.org/v1/courses/cyber-safety-certificate")
        #expect((failed["result"] as? [String: Any])?["success"] as? Bool == false)
    }

    @Test func anAnswerSaysHowItScoredAndNeverWhatWasAnswered() throws {
        let answered = try statement(
            .answered(
                LearningEvent.Answer(attempt: attempt, questionID: "otp-never-share", type: .matching, result: .init(earned: 0.5, correct: false))
            )
        )
        #expect(verb(answered) == "http://adlnet.gov/expapi/verbs/answered")
        #expect(object(answered) == "https://safeskills.example.org/v1/courses/cyber-safety-certificate/questions/otp-never-share")
        let definition = try #require((answered["object"] as? [String: Any])?["definition"] as? [String: Any])
        #expect(definition["interactionType"] as? String == "matching")
        #expect(definition["correctResponsesPattern"] == nil)
        let result = try #require(answered["result"] as? [String: Any])
        #expect(result["response"] == nil)
        #expect(result["success"] as? Bool == false)
        #expect((result["score"] as? [String: Any])?["scaled"] as? Double == 0.5)
        #expect(parent(answered) == "https://safeskills.example.org/v1/quizzes/final-exam")
    }

    @Test func theSameEventBuildsTheSameTextAndIdsAreEscaped() {
        let event = LearningEvent.openedLesson(courseID: "khoá học", lessonID: "a/b")
        let first = profile.statement(id: id, actorName: "ab12", event: event, at: at)
        #expect(first == profile.statement(id: id, actorName: "ab12", event: event, at: at))
        #expect(first.contains("https://safeskills.example.org/v1/courses/kho%C3%A1%20h%E1%BB%8Dc/lessons/a%2Fb"))
    }

    @Test func refusedStatementsAreSetAsideAndAnUnavailableStoreIsTriedAgain() {
        #expect(StatementDelivery.outcome(status: 200) == .accepted)
        #expect(StatementDelivery.outcome(status: 204) == .accepted)
        #expect(StatementDelivery.outcome(status: 400) == .refused)
        #expect(StatementDelivery.outcome(status: 409) == .refused)
        #expect(StatementDelivery.outcome(status: 422) == .refused)
        for status in [401, 403, 404, 408, 429, 500, 502, 503, 0] {
            #expect(StatementDelivery.outcome(status: status) == .retryLater, "\(status)")
        }
    }

    @Test func backOffDoublesUpToAnHour() {
        #expect(StatementDelivery.backOff(afterTries: 1) == 10)
        #expect(StatementDelivery.backOff(afterTries: 2) == 20)
        #expect(StatementDelivery.backOff(afterTries: 5) == 160)
        #expect(StatementDelivery.backOff(afterTries: 9) == 2560)
        #expect(StatementDelivery.backOff(afterTries: 10) == 3600)
        #expect(StatementDelivery.backOff(afterTries: 1000) == 3600)
        #expect(StatementDelivery.lease > 30, "longer than a request to the store may take")
    }
}
