import Hummingbird

private let corsAllowedHeaders =
    "Authorization, Content-Type, Accept, Accept-Language, Idempotency-Key, If-None-Match, X-Client, X-Request-Id"
private let corsExposedHeaders = "Content-Language, ETag, Location, Retry-After, X-Request-Id"

/// CORS for the configured origins only.
///
/// Hummingbird's own middleware takes a fixed variadic list; the origins here come from settings.
/// Other origins get no CORS headers, so browsers keep their answers from the calling page.
struct CORSPolicyMiddleware<Context: RequestContext>: RouterMiddleware {
    let allowedOrigins: Set<String>

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let origin = request.headers[.origin], allowedOrigins.contains(origin) else {
            return try await next(request, context)
        }
        if request.method == .options, request.headers[.accessControlRequestMethod] != nil {
            return Response(
                status: .noContent,
                headers: [
                    .accessControlAllowOrigin: origin,
                    .accessControlAllowMethods: "GET, POST, PUT, PATCH, DELETE",
                    .accessControlAllowHeaders: corsAllowedHeaders,
                    .accessControlMaxAge: "600",
                    .vary: "Origin",
                ]
            )
        }
        var response = try await next(request, context)
        response.headers[.accessControlAllowOrigin] = origin
        response.headers[.accessControlExposeHeaders] = corsExposedHeaders
        response.headers[values: .vary].append("Origin")
        return response
    }
}
