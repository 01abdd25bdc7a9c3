import Domain
import Hummingbird
import NIOCore

/// Refuses the NUL character anywhere in a request, as a malformed request (400).
///
/// No field of this API can hold NUL, and PostgreSQL refuses it in text, so without this check a
/// NUL in a path, a query or a JSON string reached the database and came back as a 500. The path
/// and query are checked at once; a JSON body is checked as it streams through, without being
/// buffered again. `ProblemMiddleware` maps PostgreSQL's own refusal too, for any other way in.
struct ForbiddenCharactersMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let target = request.uri.description.utf8
        if target.contains(0) || Self.containsEncodedNUL(target) { throw Problem.nulCharacter }
        guard request.headers[.contentType]?.lowercased().contains("json") == true else {
            return try await next(request, context)
        }
        var request = request
        request.body = RequestBody(asyncSequence: NULScanningBody(base: request.body))
        return try await next(request, context)
    }

    /// `%00` in a path or query.
    static func containsEncodedNUL(_ bytes: String.UTF8View) -> Bool {
        var state = 0
        for byte in bytes {
            switch (state, byte) {
            case (_, UInt8(ascii: "%")): state = 1
            case (1, UInt8(ascii: "0")): state = 2
            case (2, UInt8(ascii: "0")): return true
            default: state = 0
            }
        }
        return false
    }
}

/// A JSON body that fails with 400 at the escape `\u0000` (an escaped backslash followed by
/// `u0000` is text, and passes).
struct NULScanningBody: AsyncSequence, Sendable {
    typealias Element = ByteBuffer

    let base: RequestBody

    struct AsyncIterator: AsyncIteratorProtocol {
        var base: RequestBody.AsyncIterator
        var scanner = JSONNULScanner()

        mutating func next() async throws -> ByteBuffer? {
            guard let chunk = try await base.next() else { return nil }
            let found = chunk.withUnsafeReadableBytes { bytes in bytes.contains { scanner.feed($0) } }
            if found { throw Problem.nulCharacter }
            return chunk
        }
    }

    func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(base: base.makeAsyncIterator())
    }
}

/// Finds `\u0000` in JSON text fed one byte at a time, across chunk boundaries.
public struct JSONNULScanner {
    /// Backslashes in a row so far; once an escaping one is followed by `u`, how many bytes of
    /// `\u0000` have been seen.
    private var backslashes = 0
    private var matched = 0

    /// True once the bytes so far hold an escaped NUL.
    public init() {}

    public mutating func feed(_ byte: UInt8) -> Bool {
        if matched > 0 {
            if byte == UInt8(ascii: "0") {
                matched += 1
                if matched == 6 { return true }
                return false
            }
            matched = 0
        }
        if byte == UInt8(ascii: "\\") {
            backslashes += 1
            return false
        }
        if backslashes % 2 == 1, byte == UInt8(ascii: "u") {
            matched = 2
            backslashes = 0
            return false
        }
        backslashes = 0
        return false
    }
}

extension Problem {
    /// NUL anywhere in a request, found here or refused by PostgreSQL (`ProblemMiddleware`).
    static var nulCharacter: Problem {
        Problem(
            .malformedRequest,
            detail: LocalizedText(
                vi: "Yêu cầu chứa ký tự NUL (mã 0), không trường nào được phép có ký tự này.",
                en: "The request holds the NUL character (code 0), which no field may contain."
            )
        )
    }
}
