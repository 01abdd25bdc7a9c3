import Domain
import HTTPTypes

/// An error that the API answers with an RFC 9457 `application/problem+json` document.
///
/// `kind` fixes the status, the stable `type` URI and the localized title; `errors` lists every
/// invalid field at once. Anything thrown that is not a `Problem` becomes `.internalError`, with no
/// internals in the answer.
public struct Problem: Error, Sendable {
    public enum Kind: String, Sendable, CaseIterable {
        case malformedRequest = "malformed-request"
        case unauthorized
        case forbidden
        case notFound = "not-found"
        case methodNotAllowed = "method-not-allowed"
        case notAcceptable = "not-acceptable"
        case conflict
        case payloadTooLarge = "payload-too-large"
        case unsupportedMediaType = "unsupported-media-type"
        case validation
        case idempotencyKeyReused = "idempotency-key-reused"
        case tooManyRequests = "too-many-requests"
        case internalError = "internal"
        case serviceUnavailable = "service-unavailable"
        /// The request was cut off while it wrote: it may or may not have taken effect.
        case requestInterrupted = "request-interrupted"

        public var status: HTTPResponse.Status {
            switch self {
            case .malformedRequest: .badRequest
            case .unauthorized: .unauthorized
            case .forbidden: .forbidden
            case .notFound: .notFound
            case .methodNotAllowed: .methodNotAllowed
            case .notAcceptable: .notAcceptable
            case .conflict: .conflict
            case .payloadTooLarge: .contentTooLarge
            case .unsupportedMediaType: .unsupportedMediaType
            case .validation, .idempotencyKeyReused: .unprocessableContent
            case .tooManyRequests: .tooManyRequests
            case .internalError: .internalServerError
            case .serviceUnavailable, .requestInterrupted: .serviceUnavailable
            }
        }

        /// Stable and location-independent, so clients can branch on it across deployments.
        public var type: String { "urn:safeskills:problem:\(rawValue)" }

        public var title: LocalizedText {
            switch self {
            case .malformedRequest:
                LocalizedText(vi: "Yêu cầu không đọc được", en: "The request could not be read")
            case .unauthorized:
                LocalizedText(vi: "Cần đăng nhập", en: "Sign-in required")
            case .forbidden:
                LocalizedText(vi: "Bạn không có quyền làm việc này", en: "You are not allowed to do this")
            case .notFound:
                LocalizedText(vi: "Không tìm thấy", en: "Not found")
            case .methodNotAllowed:
                LocalizedText(vi: "Địa chỉ này không hỗ trợ phương thức đó", en: "This address does not support that method")
            case .notAcceptable:
                LocalizedText(vi: "Không có định dạng phản hồi phù hợp", en: "No acceptable response format")
            case .conflict:
                LocalizedText(vi: "Xung đột với trạng thái hiện tại", en: "Conflicts with the current state")
            case .payloadTooLarge:
                LocalizedText(vi: "Nội dung gửi lên quá lớn", en: "The request body is too large")
            case .unsupportedMediaType:
                LocalizedText(vi: "Định dạng nội dung không được hỗ trợ", en: "Unsupported content type")
            case .validation:
                LocalizedText(vi: "Dữ liệu chưa hợp lệ", en: "Some fields are not valid")
            case .idempotencyKeyReused:
                LocalizedText(
                    vi: "Khóa Idempotency-Key đã được dùng cho một yêu cầu khác",
                    en: "The Idempotency-Key was already used for a different request"
                )
            case .tooManyRequests:
                LocalizedText(vi: "Quá nhiều yêu cầu, vui lòng thử lại sau", en: "Too many requests; try again later")
            case .internalError:
                LocalizedText(vi: "Đã xảy ra lỗi ở máy chủ", en: "Something went wrong on the server")
            case .serviceUnavailable:
                LocalizedText(vi: "Dịch vụ tạm thời không sẵn sàng", en: "The service is temporarily unavailable")
            case .requestInterrupted:
                LocalizedText(vi: "Yêu cầu bị gián đoạn giữa chừng", en: "The request was interrupted")
            }
        }
    }

    public var kind: Kind
    public var detail: LocalizedText?
    public var errors: [FieldError]
    /// Methods the resource supports, for 405's `Allow` header.
    public var allow: [HTTPRequest.Method]
    /// Seconds after which a retry may succeed, for 429 and 503's `Retry-After` header.
    public var retryAfterSeconds: Int?

    public init(
        _ kind: Kind,
        detail: LocalizedText? = nil,
        errors: [FieldError] = [],
        allow: [HTTPRequest.Method] = [],
        retryAfterSeconds: Int? = nil
    ) {
        self.kind = kind
        self.detail = detail
        self.errors = errors
        self.allow = allow
        self.retryAfterSeconds = retryAfterSeconds
    }
}

extension Problem {
    /// The problem document for a service's refusal: the kinds share their names.
    init(_ refusal: Refusal) {
        let kind: Kind =
            switch refusal.kind {
            case .unauthorized: .unauthorized
            case .forbidden: .forbidden
            case .notFound: .notFound
            case .conflict: .conflict
            case .validation: .validation
            case .idempotencyKeyReused: .idempotencyKeyReused
            case .tooManyRequests: .tooManyRequests
            case .serviceUnavailable: .serviceUnavailable
            case .internalError: .internalError
            }
        self.init(kind, detail: refusal.detail, errors: refusal.errors, retryAfterSeconds: refusal.retryAfterSeconds)
    }

    /// The answer when the database connection was lost, or the request ran out of time, after
    /// statements began: the client cannot know what happened, so it is told how to find out.
    static let interrupted = Problem(
        .requestInterrupted,
        detail: LocalizedText(
            vi:
                "Yêu cầu có thể đã hoặc chưa được thực hiện. Hãy thử lại sau giây lát; gửi lại cùng khóa Idempotency-Key thì không bị thực hiện hai lần.",
            en: "The request may or may not have taken effect. Try again in a moment; a retry with the same Idempotency-Key is never applied twice."
        ),
        retryAfterSeconds: 2
    )

    /// The answer when PostgreSQL ended a statement that ran past its `statement_timeout`: the
    /// transaction was rolled back, nothing was written.
    static let tookTooLong = Problem(
        .serviceUnavailable,
        detail: LocalizedText(
            vi: "Máy chủ đang quá tải nên chưa làm xong yêu cầu này; chưa có gì được lưu. Vui lòng thử lại sau.",
            en: "The server is overloaded and could not finish this request; nothing was saved. Try again later."
        ),
        retryAfterSeconds: 5
    )

    static func validation(_ failure: ValidationFailure) -> Problem {
        Problem(.validation, errors: failure.errors)
    }

    static func invalidField(_ pointer: String, _ message: LocalizedText) -> Problem {
        Problem(.validation, errors: [FieldError(pointer: pointer, message: message)])
    }
}
