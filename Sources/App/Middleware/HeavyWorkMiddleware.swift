import Hummingbird

/// Runs the rest of a request whose work is mostly in Swift on `HeavyWorkExecutor`: its task, and
/// every continuation after each of its awaits, prefer those threads to the event loops.
struct HeavyWorkMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard Self.isHeavy(path: request.uri.path) else { return try await next(request, context) }
        // `next` is not Sendable; it runs in this task, only moved to other threads.
        nonisolated(unsafe) let next = next
        return try await withTaskExecutorPreference(HeavyWorkExecutor.shared) { try await next(request, context) }
    }

    /// The routes that read and shape many rows per request: statistics, reports (an
    /// organisation's, a province's, a stored one), a class's progress and its managed accounts'
    /// sheet, the personal data export, and the dashboard's pages.
    static func isHeavy(path: String) -> Bool {
        if path.hasPrefix("/v1/stats/") || path.hasPrefix("/v1/reports/") || path == "/dashboard" || path.hasPrefix("/dashboard/") {
            return true
        }
        if path == "/v1/me/export" || path.hasSuffix("/report") || path.hasSuffix("/reports") { return true }
        return path.hasPrefix("/v1/classes/") && (path.hasSuffix("/progress") || path.hasSuffix("/managed-accounts/csv"))
    }
}
