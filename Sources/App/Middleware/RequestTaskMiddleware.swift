import Hummingbird

/// Runs the rest of the request in a child task of the connection's task.
///
/// A task keeps the memory its async frames grew into until it ends (the Swift runtime's task
/// allocator frees no slab before then), and Hummingbird serves every request of a keep-alive
/// connection on that connection's one task. Without this, an idle connection would hold the
/// deepest frames its last request needed, the whole middleware and handler chain, some 50 KiB;
/// in a child task they are freed as the request's response is returned.
struct RequestTaskMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        // `next` is not Sendable, but it is only ever called by the child, and this task awaits
        // the child before returning: the two never run it at once.
        nonisolated(unsafe) let next = next
        async let response = next(request, context)
        return try await response
    }
}
