import APIContract
import Domain
import Foundation
import Persistence
import Services

extension APIHandlers {
    var publicBaseURL: URL { services.certification.issuer.publicBaseURL }

    func startAttempt(_ input: Operations.StartAttempt.Input) async throws -> Operations.StartAttempt.Output {
        let shown = try await services.attempts.startQuiz(try learner(), quizID: input.path.quizId, channel: scope.client)
        let body = AttemptPresentation(shown, language: scope.language, publicBaseURL: publicBaseURL).document
        return shown.created ? .created(.init(body: .json(body))) : .ok(.init(body: .json(body)))
    }

    func getAttempt(_ input: Operations.GetAttempt.Input) async throws -> Operations.GetAttempt.Output {
        let shown = try await services.attempts.attempt(try principal(), id: input.path.attemptId)
        return .ok(.init(body: .json(AttemptPresentation(shown, language: scope.language, publicBaseURL: publicBaseURL).document)))
    }

    /// The token is checked by the save itself (see `AnswerSave.swift` for the refusal order).
    func saveAnswer(_ input: Operations.SaveAnswer.Input) async throws -> Operations.SaveAnswer.Output {
        guard case .presented(let token) = scope.authentication else { throw Problem(.unauthorized) }
        let values: [String: FormValue]
        switch input.body {
        case .json(let body): values = form(body)
        }
        let saved = try await services.attempts.saveAnswer(token: token, attemptID: input.path.attemptId, itemID: input.path.itemId, form: values)
        return .ok(.init(body: .json(.init(itemId: input.path.itemId, answer: .init(saved.answer), savedAt: saved.savedAt))))
    }

    func submitAttempt(_ input: Operations.SubmitAttempt.Input) async throws -> Operations.SubmitAttempt.Output {
        guard case .presented(let token) = scope.authentication else { throw Problem(.unauthorized) }
        let language = scope.language
        let result = try await services.attempts.submit(
            token: token,
            id: input.path.attemptId,
            channel: scope.client,
            idempotencyKey: input.headers.idempotencyKey
        ) { graded, now in
            AttemptPresentation.result(graded, language: language, now: now)
        }
        return .ok(.init(body: .json(result)))
    }

    func getAttemptReview(_ input: Operations.GetAttemptReview.Input) async throws -> Operations.GetAttemptReview.Output {
        let graded = try await services.attempts.review(try principal(), id: input.path.attemptId)
        return .ok(.init(body: .json(AttemptPresentation.review(graded, language: scope.language, now: services.context.clock.now()))))
    }
}
