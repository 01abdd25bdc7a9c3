import Hummingbird

/// Lets clients that accept JSON or CSV receive problem documents.
///
/// The OpenAPI layer checks every response's content type against `Accept`; a client asking for
/// `application/json` would otherwise get a 406 or 500 instead of the problem it should see.
struct AcceptProblemMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let accept = request.headers[.accept], Self.needsProblemType(accept) else {
            return try await next(request, context)
        }
        var head = request.head
        head.headerFields[.accept] = accept + ", " + Problem.contentType
        return try await next(Request(head: head, body: request.body), context)
    }

    static func needsProblemType(_ accept: String) -> Bool {
        let lowered = accept.lowercased()
        return !lowered.contains(Problem.contentType)
            && (lowered.contains("json") || lowered.contains("text/csv"))
    }
}
