import Domain

/// What every layer of one request may need to know about it: its id and the caller's language.
///
/// Generated OpenAPI handlers receive no Hummingbird context, so the middleware publishes this as a
/// task-local value for the duration of the request.
public struct RequestScope: Sendable {
    public var requestID: String
    public var language: Language
    /// The front end's name from `X-Client` (for example `web`, `android`): the reach channel.
    public var client: String?

    @TaskLocal public static var current = RequestScope(requestID: "-", language: .fallback, client: nil)
}
