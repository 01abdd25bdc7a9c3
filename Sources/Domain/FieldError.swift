/// One invalid field of a request: where it is (a JSON Pointer, RFC 6901) and what is wrong with it.
public struct FieldError: Sendable, Equatable {
    public var pointer: String
    public var message: LocalizedText

    public init(pointer: String, message: LocalizedText) {
        self.pointer = pointer
        self.message = message
    }
}

/// Why a business step said no, in terms a person can act on: the handler turns it into a problem
/// document (its kind fixes the HTTP status), the command line prints it.
///
/// Services throw this and nothing HTTP-shaped, so they can be called from handlers, the
/// dashboard, the command line and tests alike.
public struct Refusal: Error, Sendable, Equatable {
    public enum Kind: String, Sendable, CaseIterable {
        /// Not signed in, or the session is no longer live.
        case unauthorized
        /// Signed in, but this is not theirs to do.
        case forbidden
        /// No such thing, or not one the caller may know about.
        case notFound
        /// Not possible in the current state (a closed attempt, an exam taken too often).
        case conflict
        /// Fields that break the rules, every one listed.
        case validation
        /// An `Idempotency-Key` already used for another request.
        case idempotencyKeyReused
        /// Too many tries: wait `retryAfterSeconds`.
        case tooManyRequests
        /// Busy or unavailable for a moment: try again after `retryAfterSeconds`.
        case serviceUnavailable
        /// Stored data broke an invariant; nothing about it is told to the caller.
        case internalError
    }

    public var kind: Kind
    public var detail: LocalizedText?
    public var errors: [FieldError]
    public var retryAfterSeconds: Int?

    public init(_ kind: Kind, detail: LocalizedText? = nil, errors: [FieldError] = [], retryAfterSeconds: Int? = nil) {
        self.kind = kind
        self.detail = detail
        self.errors = errors
        self.retryAfterSeconds = retryAfterSeconds
    }

    public static func invalidField(_ pointer: String, _ message: LocalizedText) -> Refusal {
        Refusal(.validation, errors: [FieldError(pointer: pointer, message: message)])
    }

    public static func validation(_ failure: ValidationFailure) -> Refusal {
        Refusal(.validation, errors: failure.errors)
    }

    /// The server is busy for a moment (a full hashing pool, no free database connection).
    public static let busy = Refusal(
        .serviceUnavailable,
        detail: LocalizedText(vi: "Máy chủ đang bận, vui lòng thử lại sau giây lát.", en: "The server is busy; try again in a moment."),
        retryAfterSeconds: 2
    )
}
