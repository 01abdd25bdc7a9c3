import Domain
import Foundation
import Hummingbird
import Logging

/// The outermost middleware: gives the request its id, language and client name.
///
/// It runs first so that every response, errors included, carries `X-Request-Id` and
/// `Content-Language`, and every log line of the request carries the id.
struct RequestScopeMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    /// Behind a load balancer the peer is the balancer; the client is the last address it appended.
    let trustForwardedFor: Bool

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let requestID = Self.saneRequestID(request.headers[.requestID]) ?? Self.newRequestID()
        let scope = RequestScope(
            requestID: requestID,
            language: Language.negotiate(request.headers[.acceptLanguage]),
            client: Self.saneClient(request.headers[.client]),
            clientAddress: clientAddress(request, context)
        )
        var context = context
        context.logger[metadataKey: "request_id"] = .string(requestID)
        var response = try await RequestScope.$current.withValue(scope) {
            try await next(request, context)
        }
        response.headers[.requestID] = requestID
        if response.headers[.contentLanguage] == nil {
            response.headers[.contentLanguage] = scope.language.rawValue
        }
        return response
    }

    func clientAddress(_ request: Request, _ context: Context) -> String {
        if trustForwardedFor, let forwarded = request.headers[.xForwardedFor],
            let last = forwarded.split(separator: ",").last?.trimmingCharacters(in: .whitespaces), !last.isEmpty
        {
            return last
        }
        return context.peerAddress ?? "unknown"
    }

    /// A caller's id is kept only when it is short and plain, so it cannot forge log lines.
    static func saneRequestID(_ value: String?) -> String? {
        guard let value, (1...128).contains(value.utf8.count),
            value.utf8.allSatisfy({ isPlain($0) })
        else { return nil }
        return value
    }

    static func saneClient(_ value: String?) -> String? {
        guard let value, (1...64).contains(value.utf8.count),
            value.utf8.allSatisfy({ isPlain($0) || $0 == UInt8(ascii: ":") })
        else { return nil }
        return value.lowercased()
    }

    private static func isPlain(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."):
            true
        default:
            false
        }
    }

    /// 24 random hex digits, written digit by digit: every request without an id of its own
    /// makes one, and formatting each byte as its own string showed in the answer-save profile.
    static func newRequestID() -> String {
        var generator = SystemRandomNumberGenerator()
        let bits = (UInt64.random(in: .min ... .max, using: &generator), UInt32.random(in: .min ... .max, using: &generator))
        let digits = Array("0123456789abcdef".utf8)
        var text = [UInt8]()
        text.reserveCapacity(24)
        for shift in stride(from: 60, through: 0, by: -4) { text.append(digits[Int(bits.0 >> UInt64(shift) & 0xF)]) }
        for shift in stride(from: 28, through: 0, by: -4) { text.append(digits[Int(bits.1 >> UInt32(shift) & 0xF)]) }
        return String(decoding: text, as: UTF8.self)
    }
}
