/// A course or certification pack as read and validated from its files (Courses/README.md).
public struct CoursePack: Sendable, Equatable, Codable {
    public enum Kind: String, Sendable, Codable { case course, certification }

    public var kind: Kind
    public var id: String
    public var version: String
    public var title: LocalizedText
    public var description: LocalizedText
    public var audience: [String]
    public var level: String
    public var estimatedMinutes: Int
    public var competencies: [String]
    public var lessons: [Lesson]
    public var quizzes: [Quiz]
    public var questions: [Question]
    public var completion: Completion
    public var programme: Programme?
    /// Asset file names under `assets/`, with their bytes kept apart from the pack's text.
    public var assets: [String]

    public init(
        kind: Kind,
        id: String,
        version: String,
        title: LocalizedText,
        description: LocalizedText,
        audience: [String],
        level: String,
        estimatedMinutes: Int,
        competencies: [String],
        lessons: [Lesson],
        quizzes: [Quiz],
        questions: [Question],
        completion: Completion,
        programme: Programme?,
        assets: [String]
    ) {
        self.kind = kind
        self.id = id
        self.version = version
        self.title = title
        self.description = description
        self.audience = audience
        self.level = level
        self.estimatedMinutes = estimatedMinutes
        self.competencies = competencies
        self.lessons = lessons
        self.quizzes = quizzes
        self.questions = questions
        self.completion = completion
        self.programme = programme
        self.assets = assets
    }
}

public struct Lesson: Sendable, Equatable, Codable {
    public var id: String
    public var title: LocalizedText
    /// The lesson's Markdown with facts already filled in.
    public var markdown: LocalizedText
    public var estimatedMinutes: Int
    public var competencies: [String]

    public init(id: String, title: LocalizedText, markdown: LocalizedText, estimatedMinutes: Int, competencies: [String]) {
        self.id = id
        self.title = title
        self.markdown = markdown
        self.estimatedMinutes = estimatedMinutes
        self.competencies = competencies
    }
}

public struct Completion: Sendable, Equatable, Codable {
    /// nil: every lesson.
    public var lessons: [String]?
    public var quizzes: [String]

    public init(lessons: [String]?, quizzes: [String]) {
        self.lessons = lessons
        self.quizzes = quizzes
    }
}

public struct Programme: Sendable, Equatable, Codable {
    public var examQuizID: String
    public var validityMonths: Int
    public var attemptsPerWindow: Int
    public var windowDays: Int
    public var prerequisiteCourse: String?
    /// Courses recommended before the exam, beyond the prerequisite; never required.
    public var preparationCourses: [String]

    public init(
        examQuizID: String,
        validityMonths: Int,
        attemptsPerWindow: Int,
        windowDays: Int,
        prerequisiteCourse: String?,
        preparationCourses: [String] = []
    ) {
        self.examQuizID = examQuizID
        self.validityMonths = validityMonths
        self.attemptsPerWindow = attemptsPerWindow
        self.windowDays = windowDays
        self.prerequisiteCourse = prerequisiteCourse
        self.preparationCourses = preparationCourses
    }

    enum CodingKeys: String, CodingKey {
        case examQuizID, validityMonths, attemptsPerWindow, windowDays, prerequisiteCourse, preparationCourses
    }

    /// Manifests stored before `preparationCourses` existed have no such key: they read as none.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        examQuizID = try container.decode(String.self, forKey: .examQuizID)
        validityMonths = try container.decode(Int.self, forKey: .validityMonths)
        attemptsPerWindow = try container.decode(Int.self, forKey: .attemptsPerWindow)
        windowDays = try container.decode(Int.self, forKey: .windowDays)
        prerequisiteCourse = try container.decodeIfPresent(String.self, forKey: .prerequisiteCourse)
        preparationCourses = try container.decodeIfPresent([String].self, forKey: .preparationCourses) ?? []
    }
}

/// DigComp 2.2 area 4, "Safety" (shared/reference/digcomp-safety.csv).
public enum Competency {
    public static let names: [String: LocalizedText] = [
        "4.1": LocalizedText(vi: "Bảo vệ thiết bị", en: "Protecting devices"),
        "4.2": LocalizedText(vi: "Bảo vệ dữ liệu cá nhân và quyền riêng tư", en: "Protecting personal data and privacy"),
        "4.3": LocalizedText(vi: "Bảo vệ sức khỏe và an sinh", en: "Protecting health and well-being"),
        "4.4": LocalizedText(vi: "Bảo vệ môi trường", en: "Protecting the environment"),
    ]
}
