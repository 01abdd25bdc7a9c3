import Foundation

/// A learner's enrolment in a course and how far they have come: lessons opened and
/// completed, practice quizzes passed, and when the course was completed.
public struct Enrollment: Sendable, Equatable {
    public var courseID: String
    public var enrolledAt: Date
    public var completedAt: Date?
    public var opened: Set<String>
    public var completed: Set<String>
    public var quizzesPassed: Set<String>

    public init(courseID: String, enrolledAt: Date, completedAt: Date?, opened: Set<String>, completed: Set<String>, quizzesPassed: Set<String>) {
        self.courseID = courseID
        self.enrolledAt = enrolledAt
        self.completedAt = completedAt
        self.opened = opened
        self.completed = completed
        self.quizzesPassed = quizzesPassed
    }
}
