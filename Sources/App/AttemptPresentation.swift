import APIContract
import Domain
import Foundation
import Persistence
import Services

/// Attempts as learners see them: the items as shown, in their language, and never a key,
/// a weight or an explanation unless the review policy allows it.
struct AttemptPresentation {
    let attempt: Attempt
    let items: [Attempt.Item]
    let questions: [String: Question]
    let language: Language
    /// Where the course's images are served, under the public base URL.
    let publicBaseURL: URL

    var document: Components.Schemas.Attempt {
        .init(
            id: self.attempt.id.uuidString.lowercased(),
            quizId: self.attempt.quizID,
            courseId: self.attempt.courseID,
            status: .init(rawValue: self.attempt.status.rawValue) ?? .open,
            startedAt: self.attempt.startedAt,
            deadline: self.attempt.deadline,
            items: items.compactMap { item in
                guard let question = questions[item.questionID] else { return nil }
                return presented(item, question)
            }
        )
    }

    func presented(_ item: Attempt.Item, _ question: Question) -> Components.Schemas.AttemptItem {
        let options: [Components.Schemas.AttemptOption]
        if question.type == .trueFalse {
            options = [
                .init(id: TrueFalse.trueID, text: language == .vi ? "Đúng" : "True"),
                .init(id: TrueFalse.falseID, text: language == .vi ? "Sai" : "False"),
            ]
        } else {
            let byID = Dictionary(uniqueKeysWithValues: question.options.map { ($0.id, $0) })
            options = item.presented.optionOrder.compactMap { id in byID[id].map { .init(id: id, text: $0.text.text(in: language)) } }
        }
        let matchesByID = Dictionary(uniqueKeysWithValues: question.matches.map { ($0.id, $0) })
        let matches = item.presented.matchOrder.compactMap { id in
            matchesByID[id].map { Components.Schemas.AttemptOption(id: id, text: $0.text.text(in: language)) }
        }
        return .init(
            id: item.questionID,
            _type: .init(rawValue: question.type.rawValue) ?? .single,
            prompt: question.prompt.text(in: language),
            options: options,
            matches: question.type == .matching ? matches : nil,
            image: question.image.map {
                .init(url: CatalogCache.assetURL(base: publicBaseURL, courseID: attempt.courseID, name: $0.file), alt: $0.alt.text(in: language))
            },
            answer: item.answer.map(Components.Schemas.AnswerValue.init)
        )
    }

    /// The result of a closed attempt, as far as the review policy shows it. Whether it passed is
    /// always said; the score and per-competency results only when the policy shows them.
    static func result(_ outcome: AttemptService.Graded, language: Language, now: Date) -> Components.Schemas.AttemptResult {
        let policy = outcome.quiz.review
        let open = AttemptRules.reviewOpen(policy, passed: outcome.attempt.passed ?? false, deadline: outcome.attempt.deadline, now: now)
        var competencies: [Components.Schemas.CompetencyResult]?
        if open, policy.show.contains(.competencyResults) {
            let graded = outcome.items.compactMap { item in outcome.questions[item.questionID].map { ($0.competency, item.result?.earned ?? 0) } }
            competencies = Dictionary(grouping: graded, by: \.0).sorted { $0.key < $1.key }.map { code, results in
                .init(
                    code: code,
                    name: Competency.names[code]?.text(in: language) ?? code,
                    score: results.map(\.1).reduce(0, +) / Double(results.count)
                )
            }
        }
        return .init(
            attemptId: outcome.attempt.id.uuidString.lowercased(),
            status: .init(rawValue: outcome.attempt.status.rawValue) ?? .submitted,
            score: open && policy.show.contains(.score) ? outcome.attempt.score : nil,
            passed: outcome.attempt.passed,
            competencyResults: competencies
        )
    }

    static func review(_ outcome: AttemptService.Graded, language: Language, now: Date) -> Components.Schemas.AttemptReview {
        let show = Set(outcome.quiz.review.show)
        let items: [Components.Schemas.AttemptReview.Value2Payload.ItemsPayloadPayload] = outcome.items.map { item in
            let question = outcome.questions[item.questionID]
            return .init(
                id: item.questionID,
                answer: item.answer.map(Components.Schemas.AnswerValue.init),
                correct: show.contains(.correctness) ? item.result?.correct : nil,
                earned: show.contains(.correctness) ? item.result?.earned : nil,
                correctAnswer: show.contains(.correctAnswers) ? question.map { .init(key: $0.key, language: language) } : nil,
                explanation: show.contains(.explanations) ? question?.explanation.text(in: language) : nil
            )
        }
        return .init(value1: result(outcome, language: language, now: now), value2: .init(items: items))
    }
}

extension Components.Schemas.AnswerValue {
    init(_ answer: Answer) {
        switch answer {
        case .options(let ids): self.init(optionIds: ids)
        case .order(let ids): self.init(order: ids)
        case .pairs(let pairs): self.init(pairs: .init(additionalProperties: pairs))
        case .text(let text): self.init(text: text)
        }
    }

    /// The right answer, in the form the learner would have given it.
    init(key: AnswerKey, language: Language) {
        switch key {
        case .single(let id): self.init(optionIds: [id])
        case .multiple(let ids): self.init(optionIds: ids)
        case .trueFalse(let value): self.init(optionIds: [value ? TrueFalse.trueID : TrueFalse.falseID])
        case .ordering(let ids): self.init(order: ids)
        case .matching(let pairs): self.init(pairs: .init(additionalProperties: pairs))
        case .shortText(let vi, let en, _): self.init(text: (language == .vi ? vi : en).first ?? "")
        }
    }
}

extension AttemptPresentation {
    init(_ shown: AttemptService.Shown, language: Language, publicBaseURL: URL) {
        self.init(attempt: shown.attempt, items: shown.items, questions: shown.questions, language: language, publicBaseURL: publicBaseURL)
    }
}
