import Domain
import Hummingbird
import Logging
import OpenAPIRuntime
import Persistence

/// Turns every error into an `application/problem+json` response.
///
/// Errors come from three layers: Hummingbird (unknown route, body limits), the OpenAPI layer
/// (unreadable or mistyped requests, wrapped in `ServerError`) and handlers (`Problem` and a few
/// persistence errors). Anything unexpected becomes a 500 with no internals, logged in full.
struct ProblemMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            let problem = Self.problem(for: error)
            if problem.kind == .internalError {
                context.logger.error("request failed", metadata: Self.logMetadata(for: error))
            }
            let scope = RequestScope.current
            return problem.response(language: scope.language, requestID: scope.requestID)
        }
    }

    /// What to log about an unexpected error. A `ServerError` describes the whole request,
    /// headers included (an `Authorization` header would put a token in the log), so only its
    /// operation and underlying error are kept.
    static func logMetadata(for error: any Error) -> Logger.Metadata {
        if let error = error as? ServerError {
            return ["operation": "\(error.operationID)", "error": "\(String(reflecting: error.underlyingError))"]
        }
        return ["error": "\(String(reflecting: error))"]
    }

    static func problem(for error: any Error) -> Problem {
        if let known = knownProblem(error) { return known }
        switch error {
        case let error as ServerError:
            // Handler errors arrive wrapped; the OpenAPI layer's own ones carry their status.
            return knownProblem(error.underlyingError) ?? problem(forStatus: error.httpStatus)
        case let error as any HTTPResponseError:
            return problem(forStatus: error.status)
        default:
            return Problem(.internalError)
        }
    }

    private static func knownProblem(_ error: any Error) -> Problem? {
        switch error {
        case let problem as Problem: problem
        case let refusal as Refusal: Problem(refusal)
        case is IdempotencyStore.KeyReused: Problem(.idempotencyKeyReused)
        case is Database.Busy: Problem(Refusal.busy)
        case is Database.Interrupted: Problem.interrupted
        case _ where Database.statementTimedOut(error): Problem.tookTooLong
        case _ where Database.refusedText(error): Problem.nulCharacter
        default: nil
        }
    }

    private static func problem(forStatus status: HTTPResponse.Status) -> Problem {
        switch status {
        case .badRequest:
            return Problem(
                .malformedRequest,
                detail: LocalizedText(
                    vi: "Nội dung hoặc tham số không đúng cú pháp hay kiểu dữ liệu mà API mô tả.",
                    en: "The body or a parameter does not have the syntax or type the API describes."
                )
            )
        case .unsupportedMediaType:
            return Problem(
                .unsupportedMediaType,
                detail: LocalizedText(
                    vi: "Hãy gửi nội dung với Content-Type mà API mô tả cho thao tác này.",
                    en: "Send the body with the Content-Type the API describes for this operation."
                )
            )
        case .contentTooLarge: return Problem(.payloadTooLarge)
        case .notFound: return Problem(.notFound)
        case .notAcceptable: return Problem(.notAcceptable)
        case .unprocessableContent: return Problem(.validation)
        case .methodNotAllowed: return Problem(.methodNotAllowed)
        case .unauthorized: return Problem(.unauthorized)
        case .forbidden: return Problem(.forbidden)
        case .conflict: return Problem(.conflict)
        case .tooManyRequests: return Problem(.tooManyRequests, retryAfterSeconds: 1)
        case .serviceUnavailable: return Problem(.serviceUnavailable, retryAfterSeconds: 1)
        default: return Problem(.internalError)
        }
    }
}
