/// A practice quiz or an exam: which questions it shows and the rules of its attempts.
public struct Quiz: Sendable, Equatable, Codable {
    public enum Selection: Sendable, Equatable, Codable {
        /// These questions, in this order.
        case fixed([String])
        /// A balanced random draw from the pack's questions.
        case draw(Draw)
    }

    public var id: String
    public var lessonID: String?
    public var title: LocalizedText
    public var selection: Selection
    public var timeLimitMinutes: Int?
    public var maxAttempts: Int?
    public var cooldownMinutes: Int
    public var passMark: Double
    public var shuffleItems: Bool
    public var shuffleOptions: Bool
    public var review: ReviewPolicy

    public init(
        id: String,
        lessonID: String?,
        title: LocalizedText,
        selection: Selection,
        timeLimitMinutes: Int?,
        maxAttempts: Int?,
        cooldownMinutes: Int,
        passMark: Double,
        shuffleItems: Bool,
        shuffleOptions: Bool,
        review: ReviewPolicy
    ) {
        self.id = id
        self.lessonID = lessonID
        self.title = title
        self.selection = selection
        self.timeLimitMinutes = timeLimitMinutes
        self.maxAttempts = maxAttempts
        self.cooldownMinutes = cooldownMinutes
        self.passMark = passMark
        self.shuffleItems = shuffleItems
        self.shuffleOptions = shuffleOptions
        self.review = review
    }

    /// How many questions an attempt shows.
    public var itemCount: Int {
        switch selection {
        case .fixed(let ids): ids.count
        case .draw(let draw): draw.count
        }
    }
}

/// Questions drawn per competency and difficulty, the same mix in every attempt.
public struct Draw: Sendable, Equatable, Codable {
    public var competencies: [String]
    public var easy: Int
    public var medium: Int
    public var hard: Int

    public init(competencies: [String], easy: Int, medium: Int, hard: Int) {
        self.competencies = competencies
        self.easy = easy
        self.medium = medium
        self.hard = hard
    }

    public var count: Int { competencies.count * (easy + medium + hard) }

    public func needed(_ difficulty: Question.Difficulty) -> Int {
        switch difficulty {
        case .easy: easy
        case .medium: medium
        case .hard: hard
        }
    }
}

/// What a learner sees after submitting, and when.
public struct ReviewPolicy: Sendable, Equatable, Codable {
    public enum Detail: String, Sendable, Codable, CaseIterable {
        case score, competencyResults, correctness, correctAnswers, explanations
    }

    public enum Timing: String, Sendable, Codable, CaseIterable {
        case afterSubmit, afterPass, afterDeadline, never
    }

    public var show: [Detail]
    public var when: Timing

    public init(show: [Detail], when: Timing) {
        self.show = show
        self.when = when
    }

    public static let practiceDefault = ReviewPolicy(show: [.score, .correctness, .correctAnswers, .explanations], when: .afterSubmit)
}
