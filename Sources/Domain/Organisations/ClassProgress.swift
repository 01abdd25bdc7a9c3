import Foundation

/// How far a class has come: counts over its current members always, and one row per member
/// only for those who granted the `organisation` consent.
public struct ClassProgress: Sendable, Equatable {
    public var classID: UUID
    /// Current members (those who left are not counted).
    public var joined: Int
    /// Members enrolled in at least one of the class's courses or with an exam attempt in its
    /// programme.
    public var started: Int
    public var courses: [CourseCounts]
    /// Members who passed at least one practice quiz of the class's courses.
    public var passedPracticeQuiz: Int
    /// Members holding a certificate of the class's programme (of any programme when it has none).
    public var certified: Int
    public var members: [MemberProgress]

    public init(
        classID: UUID,
        joined: Int,
        started: Int,
        courses: [CourseCounts],
        passedPracticeQuiz: Int,
        certified: Int,
        members: [MemberProgress]
    ) {
        self.classID = classID
        self.joined = joined
        self.started = started
        self.courses = courses
        self.passedPracticeQuiz = passedPracticeQuiz
        self.certified = certified
        self.members = members
    }

    public struct CourseCounts: Sendable, Equatable {
        public var courseID: String
        public var enrolled: Int
        public var completed: Int

        public init(courseID: String, enrolled: Int, completed: Int) {
            self.courseID = courseID
            self.enrolled = enrolled
            self.completed = completed
        }
    }
}

/// One consenting member's own progress in a class: what they did, never what they answered.
public struct MemberProgress: Sendable, Equatable {
    public var learnerID: UUID
    public var displayName: String?
    public var joinedAt: Date
    public var coursesEnrolled: [String]
    public var coursesCompleted: [String]
    public var practiceQuizzesPassed: Int
    public var certified: Bool

    public init(
        learnerID: UUID,
        displayName: String?,
        joinedAt: Date,
        coursesEnrolled: [String],
        coursesCompleted: [String],
        practiceQuizzesPassed: Int,
        certified: Bool
    ) {
        self.learnerID = learnerID
        self.displayName = displayName
        self.joinedAt = joinedAt
        self.coursesEnrolled = coursesEnrolled
        self.coursesCompleted = coursesCompleted
        self.practiceQuizzesPassed = practiceQuizzesPassed
        self.certified = certified
    }
}
