import App
import CoursePacks
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Persistence
import PostgresNIO
import TestSupport
import Testing

/// The example pack with its practice quiz's settings replaced by `quizSettings` (YAML lines).
func examplePack(quizSettings: String = "", editing edit: (inout PackFiles) -> Void = { _ in }) -> PackFiles {
    var files = PackFixtures.example
    var manifest = files.text("pack.yaml")!
    if !quizSettings.isEmpty {
        manifest = manifest.replacingOccurrences(of: "    passMark: 0.6\n", with: "    passMark: 0.6\n" + quizSettings)
    }
    files.files["pack.yaml"] = Array(manifest.utf8)
    edit(&files)
    return files
}

/// Imports `pack` as an administrator, failing the test if it is not imported.
func importPack(_ client: some TestClientProtocol, url: String, _ pack: PackFiles) async throws {
    let admin = try await registerAdmin(client, url: url)
    let response = try await PackFixtures.upload(client, admin, try PackFixtures.zip(pack))
    #expect(response.status == .created || response.status == .ok, "import failed: \(String(buffer: response.body))")
}

struct AttemptDocument: Decodable {
    struct Item: Decodable {
        struct Option: Decodable {
            var id: String
            var text: String
        }

        var id: String
        var type: String
        var options: [Option]
        var matches: [Option]?
    }

    var id: String
    var status: String
    var deadline: Date?
    var items: [Item]
}

func startAttempt(_ client: some TestClientProtocol, _ session: Session, quiz: String = "first-lesson-practice") async throws -> TestResponse {
    try await client.execute(uri: "/v1/quizzes/\(quiz)/attempts", method: .post, headers: bearer(session.accessToken))
}

/// The right answer for each example item, as a request body (a constant, never mutated).
nonisolated(unsafe) let exampleRightAnswers: [String: [String: Any]] = [
    "ex-single": ["optionIds": ["b"]],
    "ex-multiple": ["optionIds": ["a", "b"]],
    "ex-true-false": ["optionIds": ["true"]],
    "ex-ordering": ["order": ["open", "choose", "install"]],
    "ex-matching": ["pairs": ["spam": "report-spam", "danger": "police"]],
    "ex-short": ["text": "OTP"],
]

func saveAnswer(
    _ client: some TestClientProtocol,
    _ session: Session,
    attempt: String,
    item: String,
    _ body: [String: Any]
) async throws -> TestResponse {
    try await client.execute(uri: "/v1/attempts/\(attempt)/answers/\(item)", method: .put, headers: bearer(session.accessToken), body: json(body))
}

func submit(_ client: some TestClientProtocol, _ session: Session, attempt: String, key: String? = nil) async throws -> TestResponse {
    var headers = bearer(session.accessToken)
    if let key { headers[.idempotencyKey] = key }
    return try await client.execute(uri: "/v1/attempts/\(attempt)/submit", method: .post, headers: headers)
}

func query<T: PostgresDecodable & Sendable>(_ sql: String, url: String, as type: T.Type = Int.self) async throws -> T {
    try await TestDatabase.withDatabase(url: url) { database in
        try await database.withConnection { connection in
            try await connection.query(PostgresQuery(unsafeSQL: sql), logger: database.logger).collect().first!.decode(T.self)
        }
    }
}
