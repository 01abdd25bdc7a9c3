import Domain
import Foundation

// The catalog's JSON documents (schemas CourseSummary, CourseOutline, LessonContent in
// openapi.yaml). Catalog routes serve pre-encoded bytes outside the generated handlers, so these
// are encoded here; CatalogTests check them against the contract's required fields.

struct CompetencyDocument: Encodable, Equatable {
    var code: String
    var name: String

    init(_ code: String, _ language: Language) {
        self.code = code
        self.name = Competency.names[code]?.text(in: language) ?? code
    }
}

struct CourseSummaryDocument: Encodable {
    var id: String
    var version: String
    var title: String
    var description: String
    var audience: [String]
    var level: String
    var estimatedMinutes: Int
    var competencies: [CompetencyDocument]
    var lessonCount: Int

    init(_ pack: CoursePack, _ language: Language) {
        id = pack.id
        version = pack.version
        title = pack.title.text(in: language)
        description = pack.description.text(in: language)
        audience = pack.audience
        level = pack.level
        estimatedMinutes = pack.estimatedMinutes
        competencies = pack.competencies.map { CompetencyDocument($0, language) }
        lessonCount = pack.lessons.count
    }
}

struct CourseListDocument: Encodable {
    var items: [CourseSummaryDocument]
    var nextCursor: String?

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(items, forKey: .items)
        try container.encode(nextCursor, forKey: .nextCursor)  // null, not absent, on the last page
    }

    enum CodingKeys: String, CodingKey { case items, nextCursor }
}

struct CourseOutlineDocument: Encodable {
    struct LessonSummary: Encodable {
        var id: String
        var title: String
        var estimatedMinutes: Int
        var competencies: [String]
        var quizId: String?
    }

    struct QuizSummary: Encodable {
        var id: String
        var title: String
        var lessonId: String?
        var itemCount: Int
        var timeLimitMinutes: Int?
        var maxAttempts: Int?
        var cooldownMinutes: Int
        var passMark: Double
    }

    struct CompletionRule: Encodable {
        var lessons: [String]?
        var quizzes: [String]

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            if let lessons { try container.encode(lessons, forKey: .lessons) } else { try container.encode("all", forKey: .lessons) }
            try container.encode(quizzes, forKey: .quizzes)
        }

        enum CodingKeys: String, CodingKey { case lessons, quizzes }
    }

    var id: String
    var version: String
    var contentVersion: Int
    var title: String
    var description: String
    var audience: [String]
    var level: String
    var estimatedMinutes: Int
    var competencies: [CompetencyDocument]
    var lessonCount: Int
    var lessons: [LessonSummary]
    var quizzes: [QuizSummary]
    var completion: CompletionRule

    init(_ pack: CoursePack, contentVersion: Int, _ language: Language) {
        let summary = CourseSummaryDocument(pack, language)
        id = summary.id
        version = summary.version
        self.contentVersion = contentVersion
        title = summary.title
        description = summary.description
        audience = summary.audience
        level = summary.level
        estimatedMinutes = summary.estimatedMinutes
        competencies = summary.competencies
        lessonCount = summary.lessonCount
        lessons = pack.lessons.map { lesson in
            LessonSummary(
                id: lesson.id,
                title: lesson.title.text(in: language),
                estimatedMinutes: lesson.estimatedMinutes,
                competencies: lesson.competencies,
                quizId: pack.quizzes.first { $0.lessonID == lesson.id }?.id
            )
        }
        quizzes = pack.quizzes.map { quiz in
            QuizSummary(
                id: quiz.id,
                title: quiz.title.text(in: language),
                lessonId: quiz.lessonID,
                itemCount: quiz.itemCount,
                timeLimitMinutes: quiz.timeLimitMinutes,
                maxAttempts: quiz.maxAttempts,
                cooldownMinutes: quiz.cooldownMinutes,
                passMark: quiz.passMark
            )
        }
        completion = CompletionRule(lessons: pack.completion.lessons, quizzes: pack.completion.quizzes)
    }
}

struct LessonDocument: Encodable {
    var id: String
    var courseId: String
    var title: String
    var estimatedMinutes: Int
    var competencies: [String]
    var markdown: String
    var html: String
    var quizId: String?
    var previousLessonId: String?
    var nextLessonId: String?
}
