import Foundation

/// One course's funnel as of a day: people who enrolled, completed a lesson, completed the
/// course and, of those enrolled, were certified in any programme.
public struct FunnelCounts: Sendable, Equatable {
    public var courseID: String
    public var enrolled: Int
    public var learned: Int
    public var completed: Int
    public var certified: Int

    public init(courseID: String, enrolled: Int, learned: Int, completed: Int, certified: Int) {
        self.courseID = courseID
        self.enrolled = enrolled
        self.learned = learned
        self.completed = completed
        self.certified = certified
    }

    /// The counts as published: each withheld on its own from 1 to 9 (no published total sums a
    /// course's counts, so none can be recovered). Nil where withheld.
    public var shown: (enrolled: Int?, learned: Int?, completed: Int?, certified: Int?, suppressed: Bool) {
        let shown = { (count: Int) in ReachReport.isSmall(count) ? nil : count }
        let all = [enrolled, learned, completed, certified]
        return (shown(enrolled), shown(learned), shown(completed), shown(certified), all.contains(where: ReachReport.isSmall))
    }
}

/// One question version's answers in closed attempts, as the database adds them up.
public struct ItemSums: Sendable, Equatable {
    public var courseID: String
    public var quizID: String
    public var questionID: String
    public var questionVersion: Int
    /// Presentations answered (the rest were left blank and earned nothing).
    public var answers: Int
    public var sums: ItemStatistics.Sums

    public init(courseID: String, quizID: String, questionID: String, questionVersion: Int, answers: Int, sums: ItemStatistics.Sums) {
        self.courseID = courseID
        self.quizID = quizID
        self.questionID = questionID
        self.questionVersion = questionVersion
        self.answers = answers
        self.sums = sums
    }

    /// A question shown 1 to 9 times keeps its figures to itself: they would tell how a handful
    /// of people, perhaps one, answered.
    public var withheld: Bool { ReachReport.isSmall(sums.count) }
}
