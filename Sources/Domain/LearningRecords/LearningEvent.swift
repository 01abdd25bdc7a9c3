import Foundation

/// A learning event that becomes an xAPI statement (`docs/xapi-profile.md`): what happened,
/// with the ids that name it, and never anything that names the person.
public enum LearningEvent: Sendable, Equatable {
    /// A person made an account on the platform.
    case registered
    case enrolled(courseID: String)
    case openedLesson(courseID: String, lessonID: String)
    case completedLesson(courseID: String, lessonID: String)
    case completedCourse(courseID: String)
    /// One answered item of a closed attempt (unanswered items are counted in the attempt's score).
    case answered(Answer)
    /// A graded attempt at a practice quiz or an exam.
    case graded(Grade)
    /// A certificate was issued for a programme.
    case earnedCertificate(programID: String, expiresAt: Date?)
    /// A certificate the person held was revoked.
    case lostCertificate(programID: String, reason: LossReason)

    public enum LossReason: String, Sendable, Equatable {
        case revoked
    }

    /// The attempt a statement belongs to: its quiz, and the course or programme it is part of.
    public struct AttemptRef: Sendable, Equatable {
        public var attemptID: UUID
        public var quizID: String
        public var courseID: String
        /// A certification exam (its course id is then the programme's id).
        public var exam: Bool

        public init(attemptID: UUID, quizID: String, courseID: String, exam: Bool) {
            self.attemptID = attemptID
            self.quizID = quizID
            self.courseID = courseID
            self.exam = exam
        }
    }

    public struct Answer: Sendable, Equatable {
        public var attempt: AttemptRef
        public var questionID: String
        public var type: Question.Kind
        public var result: Scoring.ItemResult

        public init(attempt: AttemptRef, questionID: String, type: Question.Kind, result: Scoring.ItemResult) {
            self.attempt = attempt
            self.questionID = questionID
            self.type = type
            self.result = result
        }
    }

    public struct Grade: Sendable, Equatable {
        public var attempt: AttemptRef
        /// From 0 to 1.
        public var score: Double
        public var passed: Bool
        public var itemCount: Int

        public init(attempt: AttemptRef, score: Double, passed: Bool, itemCount: Int) {
            self.attempt = attempt
            self.score = score
            self.passed = passed
            self.itemCount = itemCount
        }
    }
}
