import Domain
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import OpenAPIRuntime
import Persistence
import PostgresNIO
import TestSupport
import Testing

@testable import App

/// Every error the server can make reaches a client that asks for JSON as a problem document.
@Suite struct ProblemResponseTests {
    let json: HTTPFields = [.accept: "application/json", .contentType: "application/json"]

    /// The app with the test-only operations, on a database that has their table.
    func withNotesApp(_ body: @escaping @Sendable (any TestClientProtocol, String) async throws -> Void) async throws {
        try await TestDatabase.withFresh { url in
            try await TestDatabase.withDatabase(url: url) { database in
                try await database.withConnection { connection in
                    _ = try await connection.query(.init(unsafeSQL: TestNotesAPI.createTable), logger: database.logger)
                }
            }
            try await withTestApp(
                databaseURL: url,
                addRoutes: { registrar, database in
                    try TestNotesAPI(database: database, clock: .fixed(testNow))
                        .registerHandlers(on: registrar, configuration: SafeSkills.openAPIConfiguration)
                },
                body
            )
        }
    }

    @Test func unknownRouteIs404() async throws {
        try await withTestApp { client, _ in
            let response = try await client.execute(uri: "/v1/nothing-here", method: .get, headers: [.accept: "application/json"])
            let problem = try expectProblem(response, status: .notFound, type: "not-found")
            #expect(problem.title == "Không tìm thấy")
        }
    }

    @Test func titleFollowsAcceptLanguage() async throws {
        try await withTestApp { client, _ in
            let response = try await client.execute(uri: "/v1/nothing-here", method: .get, headers: [.acceptLanguage: "en"])
            let problem = try expectProblem(response, status: .notFound, type: "not-found")
            #expect(problem.title == "Not found")
            #expect(response.headers[.contentLanguage] == "en")
        }
    }

    @Test func wrongMethodIs405WithAllow() async throws {
        try await withTestApp { client, _ in
            for method in [HTTPRequest.Method.post, .put, .patch, .delete, .trace, HTTPRequest.Method("QUERY")!] {
                let response = try await client.execute(uri: "/health/live", method: method, headers: [.accept: "application/json"])
                try expectProblem(response, status: .methodNotAllowed, type: "method-not-allowed")
                #expect(response.headers[.allow] == "GET, HEAD")
            }
        }
    }

    @Test func declaredBodyOverTheLimitIs413() async throws {
        try await withNotesApp { client, _ in
            let big = ByteBuffer(repeating: UInt8(ascii: "a"), count: 64 * 1024 + 1)
            let response = try await client.execute(uri: "/test/notes", method: .post, headers: json, body: big)
            try expectProblem(response, status: .contentTooLarge, type: "payload-too-large")
        }
    }

    @Test func chunkedBodyOverTheLimitIs413() async throws {
        try await withNotesApp { client, _ in
            var headers = json
            headers[.transferEncoding] = "chunked"
            let big = ByteBuffer(repeating: UInt8(ascii: "a"), count: 64 * 1024 + 1)
            let response = try await client.execute(uri: "/test/notes", method: .post, headers: headers, body: big)
            try expectProblem(response, status: .contentTooLarge, type: "payload-too-large")
        }
    }

    @Test func unreadableJSONIs400() async throws {
        try await withNotesApp { client, _ in
            let response = try await client.execute(
                uri: "/test/notes",
                method: .post,
                headers: json,
                body: ByteBuffer(string: #"{"text": "unterminated"#)
            )
            try expectProblem(response, status: .badRequest, type: "malformed-request")
        }
    }

    @Test func wrongContentTypeIs415() async throws {
        try await withNotesApp { client, _ in
            let response = try await client.execute(
                uri: "/test/notes",
                method: .post,
                headers: [.accept: "application/json", .contentType: "text/plain"],
                body: ByteBuffer(string: "hello")
            )
            try expectProblem(response, status: .unsupportedMediaType, type: "unsupported-media-type")
        }
    }

    @Test func invalidFieldsAre422WithPointers() async throws {
        try await withNotesApp { client, _ in
            let response = try await client.execute(
                uri: "/test/notes",
                method: .post,
                headers: [.accept: "application/json", .contentType: "application/json", .acceptLanguage: "en"],
                body: ByteBuffer(string: #"{"text": 42}"#)
            )
            let problem = try expectProblem(response, status: .unprocessableContent, type: "validation")
            #expect(problem.errors?.map(\.pointer) == ["/text"])
            #expect(problem.errors?.first?.message == "Text is required.")
        }
    }

    @Test func unexpectedErrorsAre500WithoutInternals() async throws {
        try await withNotesApp { client, _ in
            let response = try await client.execute(uri: "/test/crash", method: .get, headers: [.accept: "application/json"])
            try expectProblem(response, status: .internalServerError, type: "internal")
            let text = String(buffer: response.body)
            #expect(!text.contains("hunter2"))
            #expect(!text.contains("internals.swift"))
            #expect(!text.contains("Secret"))
        }
    }

    @Test func clientsAcceptingOnlyJSONOrCSVStillGetProblems() async throws {
        try await withNotesApp { client, _ in
            for accept in ["application/json", "text/csv", "application/json;q=0.9, text/csv;q=0.5"] {
                let response = try await client.execute(
                    uri: "/test/notes",
                    method: .post,
                    headers: [.accept: accept, .contentType: "application/json"],
                    body: ByteBuffer(string: "{}")
                )
                try expectProblem(response, status: .unprocessableContent, type: "validation")
            }
        }
    }

    @Test func problemMappingCoversEveryKind() {
        for kind in Problem.Kind.allCases {
            #expect(kind.status.code >= 400)
            #expect(kind.type == "urn:safeskills:problem:\(kind.rawValue)")
            #expect(!kind.title.vi.isEmpty && !kind.title.en.isEmpty && kind.title.vi != kind.title.en)
        }
    }
}
