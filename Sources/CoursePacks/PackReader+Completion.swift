import Domain
import Foundation
import Yams

// Completion and programme: what finishes a course, and the exam rules of a certification.

extension PackReader.Context {
    func readCompletion(_ manifest: Fields, kind: CoursePack.Kind?, lessons: Set<String>, quizzes: Set<String>) -> Completion? {
        guard let node = manifest["completion"] else {
            if kind == .course { reader.fail("pack.yaml", manifest.node, "pack.yaml is missing completion") }
            return nil
        }
        guard let fields = reader.mapping(node, file: "pack.yaml", what: "completion", allowed: ["lessons", "quizzes"]) else { return nil }
        var lessonRule: [String]?
        if let value = fields["lessons"], value.string != "all" {
            lessonRule = fields.stringList("lessons") ?? []
            for id in lessonRule ?? [] where !lessons.contains(id) { fields.fail("lessons", "has \"\(id)\", which is not a lesson") }
        }
        let quizRule = fields.stringList("quizzes", required: false) ?? []
        for id in quizRule where !quizzes.contains(id) { fields.fail("quizzes", "has \"\(id)\", which is not a quiz") }
        return Completion(lessons: lessonRule, quizzes: quizRule)
    }

    func readProgramme(_ manifest: Fields, kind: CoursePack.Kind?, quizzes: Set<String>) -> Programme? {
        guard let node = manifest["programme"] else {
            if kind == .certification { reader.fail("pack.yaml", manifest.node, "a certification pack needs a programme") }
            return nil
        }
        if kind == .course { manifest.fail("programme", "is only for certification packs") }
        guard
            let fields = reader.mapping(
                node,
                file: "pack.yaml",
                what: "programme",
                allowed: ["exam", "validityMonths", "attemptsPerWindow", "windowDays", "prerequisiteCourse", "preparationCourses"]
            )
        else { return nil }
        let exam = fields.slug("exam")
        if let exam, !quizzes.contains(exam) { fields.fail("exam", "\"\(exam)\" is not a quiz of this pack") }
        let prerequisite = fields.slug("prerequisiteCourse", required: false)
        let preparation = readPreparationCourses(fields, prerequisite: prerequisite)
        guard let exam,
            let validity = fields.int("validityMonths", in: 1...120),
            let attempts = fields.int("attemptsPerWindow", in: 1...100),
            let window = fields.int("windowDays", in: 1...3650)
        else { return nil }
        return Programme(
            examQuizID: exam,
            validityMonths: validity,
            attemptsPerWindow: attempts,
            windowDays: window,
            prerequisiteCourse: prerequisite,
            preparationCourses: preparation
        )
    }

    /// Courses recommended before the exam: ids checked as `prerequisiteCourse` is (a slug; the
    /// course itself may be imported before or after), each once and apart from the prerequisite.
    func readPreparationCourses(_ fields: Fields, prerequisite: String?) -> [String] {
        guard let ids = fields.stringList("preparationCourses", required: false) else { return [] }
        var courses: [String] = []
        for id in ids {
            if !PackRules.isSlug(id) {
                fields.fail("preparationCourses", "has \"\(id)\", which is not an id (a-z, 0-9 and -, at most 64 characters)")
            } else if id == prerequisite {
                fields.fail("preparationCourses", "has \"\(id)\", which is already the prerequisiteCourse")
            } else if courses.contains(id) {
                fields.fail("preparationCourses", "lists \"\(id)\" twice")
            } else {
                courses.append(id)
            }
        }
        return courses
    }
}
