import App
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// What a client can make the server hold before it is known: bodies, slow heads, slow bodies.
@Suite struct ConnectionLimitsTests {
    static func uploadHead(token: String? = nil) -> String {
        "POST /v1/admin/course-packs HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/zip\r\nTransfer-Encoding: chunked\r\n"
            + (token.map { "Authorization: Bearer \($0)\r\n" } ?? "") + "\r\n"
    }

    static func smallUploads(_ settings: inout Settings) { settings.uploadLimitBytes = 64 * 1024 }
    static func shortBodyDeadline(_ settings: inout Settings) { settings.requestReadTimeoutSeconds = 1 }
    static func shortIdleTimeout(_ settings: inout Settings) { settings.idleTimeoutSeconds = 1 }

    static func chunk(_ size: Int) -> [UInt8] {
        Array(String(size, radix: 16).utf8) + [13, 10] + [UInt8](repeating: 0x50, count: size) + [13, 10]
    }

    @Test func anAnonymousUploadIsRefusedBeforeItsBodyIsRead() async throws {
        try await withTestApp(live: true) { client, _ in
            let connection = try RawConnection(port: try #require(client.port))
            connection.send(Self.uploadHead())
            connection.send(Self.chunk(256 * 1024))
            // The last chunk is held back: the server must answer without waiting for it.
            let answer = try #require(await connection.answer(within: 15))
            #expect(String(decoding: answer, as: UTF8.self).hasPrefix("HTTP/1.1 401"))
        }
    }

    @Test func anUploadOverTheLimitIsRefusedAsItArrives() async throws {
        try await withTestApp(live: true, configure: Self.smallUploads) { client, url in
            // Signed up through the in-process router, which has no read timeout: under the whole
            // suite's load, the sign-up's password hash can wait past the live client's 20 s.
            let admin = try await withTestApp(databaseURL: url) { router, _ in try await registerAdmin(router, url: url) }
            let connection = try RawConnection(port: try #require(client.port))
            connection.send(Self.uploadHead(token: admin.accessToken))
            for _ in 0..<3 { connection.send(Self.chunk(32 * 1024)) }
            let answer = try #require(await connection.answer(within: 15))
            #expect(String(decoding: answer, as: UTF8.self).hasPrefix("HTTP/1.1 413"))
        }
    }

    @Test func aBodyThatTricklesInIsCutOffAtItsDeadline() async throws {
        try await withTestApp(live: true, configure: Self.shortBodyDeadline) { client, _ in
            let connection = try RawConnection(port: try #require(client.port))
            connection.send(
                "POST /v1/auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"identifier\""
            )
            // Closed after about a second; the wait is long only so a busy test machine passes.
            let answer = await connection.answer(within: 20)
            #expect(answer == nil, "the connection is closed, not left waiting")
        }
    }

    @Test func aHeadThatTricklesInIsCutOffAtTheIdleTimeout() async throws {
        try await withTestApp(live: true, configure: Self.shortIdleTimeout) { client, _ in
            let connection = try RawConnection(port: try #require(client.port))
            connection.send("GET /health/live HTTP/1.1\r\nHo")
            try await Task.sleep(for: .milliseconds(500))
            connection.send("st: 127")
            let answer = await connection.answer(within: 20)
            #expect(answer == nil, "the connection is closed, not left waiting")
        }
    }

    @Test func anOrdinaryRequestOnTheLiveListenerIsServed() async throws {
        try await withTestApp(live: true, configure: Self.shortBodyDeadline) { client, _ in
            let connection = try RawConnection(port: try #require(client.port))
            connection.send("GET /health/live HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            let answer = try #require(await connection.answer(within: 15))
            #expect(String(decoding: answer, as: UTF8.self).hasPrefix("HTTP/1.1 200"))
        }
    }
}
