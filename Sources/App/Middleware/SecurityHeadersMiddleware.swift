import Hummingbird

/// The headers every response carries, errors included, whatever route made it.
///
/// - `nosniff` and `Referrer-Policy: same-origin` everywhere: no response is read as another
///   type, and no page leaks its address (a certificate id, a dashboard query) to another site's
///   links. Not `no-referrer`: under it browsers send `Origin: null` with every form, the
///   dashboard's own sign-in included, and its same-origin check could no longer tell.
/// - HTML pages (and SVG images, documents too) may never be framed (`frame-ancestors 'none'`), so no site can dress one up or
///   trick a click on it; a page without a policy of its own gets a closed one.
/// - `Cache-Control: no-store` on anything personal or session-bound: a response to a request
///   that carried a token or a cookie, one that sets a cookie, and every sign-in, account and
///   dashboard route, unless the route chose a caching policy itself (public catalog reads).
struct SecurityHeadersMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[.referrerPolicy] = "same-origin"
        // An SVG opened on its own is a document that could run script: closed like a page.
        if let type = response.headers[.contentType], type.hasPrefix("text/html") || type.hasPrefix("image/svg+xml") {
            switch response.headers[.contentSecurityPolicy] {
            case nil: response.headers[.contentSecurityPolicy] = "default-src 'none'; frame-ancestors 'none'"
            case let policy? where !policy.contains("frame-ancestors"):
                response.headers[.contentSecurityPolicy] = policy + "; frame-ancestors 'none'"
            default: break
            }
        }
        if response.headers[.cacheControl] == nil, Self.isPersonal(request, response) {
            response.headers[.cacheControl] = "no-store"
        }
        return response
    }

    static func isPersonal(_ request: Request, _ response: Response) -> Bool {
        let path = request.uri.path
        return request.headers[.authorization] != nil || request.headers[.cookie] != nil || response.headers[.setCookie] != nil
            || path.hasPrefix("/v1/auth/") || path == "/v1/me" || path.hasPrefix("/v1/me/") || path.hasPrefix("/dashboard")
    }
}
