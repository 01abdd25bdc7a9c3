import App
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

/// The NUL character is bad input wherever it appears, never a 500 (issue 17).
@Suite struct ForbiddenCharactersTests {
    static func raw(_ text: String) -> ByteBuffer { ByteBuffer(string: text) }

    @Test func nulInAPathOrQueryIsAMalformedRequest() async throws {
        try await withTestApp { client, _ in
            for uri in [
                "/v1/certificates/%00", "/v1/certificates/%00/credential", "/v1/courses/%00", "/v1/courses/basic/lessons/%00",
                "/verify/%00", "/v1/credentials/status/%00", "/v1/provinces?on=%00", "/v1/quizzes/a%00b/attempts",
            ] {
                let response = try await client.execute(uri: uri, method: uri.contains("attempts") ? .post : .get, headers: jsonHeaders)
                try expectProblem(response, status: .badRequest, type: "malformed-request")
            }
        }
    }

    @Test func nulInAJSONStringIsAMalformedRequest() async throws {
        try await withTestApp { client, _ in
            let login = try await client.execute(
                uri: "/v1/auth/login",
                method: .post,
                headers: jsonHeaders,
                body: Self.raw(#"{"identifier":"a\u0000b","password":"x"}"#)
            )
            try expectProblem(login, status: .badRequest, type: "malformed-request")
            let registration = try await client.execute(
                uri: "/v1/auth/register",
                method: .post,
                headers: jsonHeaders,
                body: Self.raw(#"{"identifier":"nul@example.org","password":"gió mùa thu về\u0000","displayName":"A"}"#)
            )
            try expectProblem(registration, status: .badRequest, type: "malformed-request")

            let session = try await register(client, "khong.nul@example.org")
            let profile = try await client.execute(
                uri: "/v1/me",
                method: .patch,
                headers: bearer(session.accessToken),
                body: Self.raw(#"{"displayName":"Lan\u0000"}"#)
            )
            try expectProblem(profile, status: .badRequest, type: "malformed-request")
            let me = try await client.execute(uri: "/v1/me", method: .get, headers: bearer(session.accessToken))
            #expect(me.status == .ok && !String(buffer: me.body).contains("Lan"), "nothing was stored")
        }
    }

    @Test func anEscapedBackslashBeforeU0000IsOrdinaryText() async throws {
        try await withTestApp { client, _ in
            let login = try await client.execute(
                uri: "/v1/auth/login",
                method: .post,
                headers: jsonHeaders,
                body: Self.raw(#"{"identifier":"a\\u0000b@example.org","password":"không đúng đâu"}"#)
            )
            try expectProblem(login, status: .unauthorized, type: "unauthorized")
        }
    }

    @Test func nulThatReachesTheDatabaseAnotherWayIsStillBadInput() async throws {
        try await withTestApp { client, _ in
            // A form body is not JSON, so only PostgreSQL's refusal catches this one.
            let response = try await client.execute(
                uri: "/dashboard/session",
                method: .post,
                headers: [.contentType: "application/x-www-form-urlencoded", .origin: "https://safeskills.test"],
                body: Self.raw("identifier=a%00b&password=x")
            )
            #expect(response.status == .badRequest)
        }
    }

    @Test func theScannerFindsTheEscapeAcrossChunkBoundaries() {
        let text = Array(#"{"a":"x\u0000"}"#.utf8)
        for split in 1..<text.count {
            var scanner = JSONNULScanner()
            let found = text[..<split].contains { scanner.feed($0) } || text[split...].contains { scanner.feed($0) }
            #expect(found, "split at \(split)")
        }
        var clean = JSONNULScanner()
        #expect(!Array(#"{"a":"\\u0000","b":"\u00e0","c":"\\\\\u0001"}"#.utf8).contains { clean.feed($0) })
    }
}
