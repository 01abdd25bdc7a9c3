import Foundation

/// One learner's attempt at a quiz or exam, with the exact quiz version and seed it was drawn
/// with, so its items and option order can be explained and graded against what was shown.
public struct Attempt: Sendable, Equatable {
    /// Why a closed attempt closed.
    public enum CloseReason: String, Sendable, Codable {
        /// The learner submitted it before the deadline.
        case submitted
        /// The deadline passed: it was graded with what was saved by then.
        case expired
    }

    /// What a learner is told about an attempt.
    public enum Status: String, Sendable {
        case open, submitted, expired
    }

    public var learnerID: UUID
    public var id: UUID
    public var courseID: String
    public var quizID: String
    public var quizVersion: Int
    public var seed: Int64
    public var startedAt: Date
    public var deadline: Date?
    public var closedAt: Date?
    public var closeReason: CloseReason?
    public var score: Double?
    public var passed: Bool?

    public init(learnerID: UUID, id: UUID, courseID: String, quizID: String, quizVersion: Int, seed: Int64, startedAt: Date, deadline: Date?) {
        self.learnerID = learnerID
        self.id = id
        self.courseID = courseID
        self.quizID = quizID
        self.quizVersion = quizVersion
        self.seed = seed
        self.startedAt = startedAt
        self.deadline = deadline
    }

    public var isOpen: Bool { closedAt == nil }

    public var status: Status {
        guard !isOpen else { return .open }
        return closeReason == .expired ? .expired : .submitted
    }

    /// This attempt graded and closed.
    public func closed(reason: CloseReason, at closedAt: Date, score: Double, passed: Bool) -> Attempt {
        var closed = self
        closed.closedAt = closedAt
        closed.closeReason = reason
        closed.score = score
        closed.passed = passed
        return closed
    }

    /// One item as the attempt showed it, with the learner's answer and, once graded, its result.
    public struct Item: Sendable, Equatable {
        public var position: Int
        public var questionID: String
        public var questionVersion: Int
        public var presented: PresentedItem
        public var answer: Answer?
        public var result: Scoring.ItemResult?

        public init(position: Int, questionID: String, questionVersion: Int, presented: PresentedItem, answer: Answer?, result: Scoring.ItemResult?) {
            self.position = position
            self.questionID = questionID
            self.questionVersion = questionVersion
            self.presented = presented
            self.answer = answer
            self.result = result
        }
    }
}
