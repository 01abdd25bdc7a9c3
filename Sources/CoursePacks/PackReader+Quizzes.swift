import Domain
import Foundation
import Yams

// Quizzes: the quiz list in pack.yaml, with each quiz's draw and review policy.

extension PackReader.Context {
    func readQuizzes(_ manifest: Fields, lessons: Set<String>, questions: [String: Question]) -> [Quiz] {
        guard let nodes = manifest.list("quizzes", required: false) else { return [] }
        var quizzes: [Quiz] = []
        for node in nodes {
            guard
                let fields = reader.mapping(
                    node,
                    file: "pack.yaml",
                    what: "quiz",
                    allowed: [
                        "id", "lesson", "title", "items", "draw", "timeLimitMinutes", "maxAttempts", "cooldownMinutes",
                        "passMark", "shuffleItems", "shuffleOptions", "review",
                    ]
                )
            else { continue }
            let id = fields.slug("id")
            if let id, quizzes.contains(where: { $0.id == id }) { fields.fail("id", "\"\(id)\" is used by another quiz") }
            let lesson = fields.slug("lesson", required: false)
            if let lesson, !lessons.contains(lesson) { fields.fail("lesson", "\"\(lesson)\" is not a lesson of this pack") }
            let title = text(fields, "title")
            var selection: Quiz.Selection?
            switch (fields.has("items"), fields.has("draw")) {
            case (true, false):
                let items = fields.stringList("items") ?? []
                if items.isEmpty { fields.fail("items", "must list at least one question") }
                for item in items where questions[item] == nil { fields.fail("items", "has \"\(item)\", which is not a question in questions/") }
                if Set(items).count != items.count { fields.fail("items", "lists a question twice") }
                selection = .fixed(items)
            case (false, true):
                selection = readDraw(fields, questions: Array(questions.values)).map(Quiz.Selection.draw)
            case (true, true):
                fields.fail("items", "and draw cannot both be given")
            case (false, false):
                reader.fail("pack.yaml", node, "quiz \(id ?? "?") needs items or draw")
            }
            let review = readReview(fields)
            let passMark = fields.double("passMark", in: 0...1) ?? 0.7
            guard let id, let title, let selection, let review else { continue }
            var shuffleItems = fields.bool("shuffleItems") ?? false
            if case .draw = selection { shuffleItems = true }
            quizzes.append(
                Quiz(
                    id: id,
                    lessonID: lesson,
                    title: title,
                    selection: selection,
                    timeLimitMinutes: fields.int("timeLimitMinutes", required: false, in: 1...600),
                    maxAttempts: fields.int("maxAttempts", required: false, in: 1...1000),
                    cooldownMinutes: fields.int("cooldownMinutes", required: false, in: 0...525_600) ?? 0,
                    passMark: passMark,
                    shuffleItems: shuffleItems,
                    shuffleOptions: fields.bool("shuffleOptions") ?? true,
                    review: review
                )
            )
        }
        return quizzes
    }

    func readDraw(_ quiz: Fields, questions: [Question]) -> Draw? {
        guard let fields = reader.mapping(quiz["draw"], file: "pack.yaml", what: "draw", allowed: ["competencies", "perCompetency"]) else {
            return nil
        }
        let competencies = readCompetencies(fields, "competencies") ?? []
        guard let mix = reader.mapping(fields["perCompetency"], file: "pack.yaml", what: "draw perCompetency", allowed: ["easy", "medium", "hard"])
        else {
            fields.fail("perCompetency", "is required")
            return nil
        }
        let draw = Draw(
            competencies: competencies,
            easy: mix.int("easy", required: false, in: 0...100) ?? 0,
            medium: mix.int("medium", required: false, in: 0...100) ?? 0,
            hard: mix.int("hard", required: false, in: 0...100) ?? 0
        )
        if draw.count == 0 { fields.fail("perCompetency", "draws no questions") }
        for competency in competencies {
            for difficulty in Question.Difficulty.allCases where draw.needed(difficulty) > 0 {
                let available = questions.filter { $0.competency == competency && $0.difficulty == difficulty }.count
                if available < draw.needed(difficulty) {
                    fields.fail(
                        "perCompetency",
                        "draws \(draw.needed(difficulty)) \(difficulty.rawValue) questions for \(competency), but the bank has \(available)"
                    )
                }
            }
        }
        return draw
    }

    func readReview(_ quiz: Fields) -> ReviewPolicy? {
        guard let node = quiz["review"] else { return .practiceDefault }
        guard let fields = reader.mapping(node, file: "pack.yaml", what: "review", allowed: ["show", "when"]) else { return nil }
        var show = ReviewPolicy.practiceDefault.show
        if let values = fields.stringList("show", required: false) {
            show = []
            for value in values {
                guard let detail = ReviewPolicy.Detail(rawValue: value) else {
                    fields.fail("show", "has \"\(value)\"; use score, competencyResults, correctness, correctAnswers or explanations")
                    continue
                }
                show.append(detail)
            }
        }
        let whenText = fields.string("when", required: false) ?? "afterSubmit"
        guard let when = ReviewPolicy.Timing(rawValue: whenText) else {
            fields.fail("when", "must be afterSubmit, afterPass, afterDeadline or never")
            return nil
        }
        return ReviewPolicy(show: show, when: when)
    }
}
