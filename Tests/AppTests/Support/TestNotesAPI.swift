import App
import Domain
import OpenAPIRuntime
import Persistence
import PostgresNIO
import Services

/// Test-only operations (Tests/AppTests/TestAPI/openapi.yaml) that exercise the shared mechanisms
/// through real HTTP: problem documents from the OpenAPI layer, and idempotent writes.
struct TestNotesAPI: APIProtocol {
    let database: Database
    let clock: WallClock

    static let createTable = "CREATE TABLE test_notes (id serial PRIMARY KEY, text text NOT NULL)"

    struct NoteInput: Encodable {
        var text: String
    }

    func createNote(_ input: Operations.CreateNote.Input) async throws -> Operations.CreateNote.Output {
        guard case .json(let body) = input.body, let text = body.text?.value as? String, !text.isEmpty else {
            throw Problem(
                .validation,
                errors: [FieldError(pointer: "/text", message: LocalizedText(vi: "Cần có nội dung.", en: "Text is required."))]
            )
        }
        let result = try await IdempotentWrite.perform(
            key: input.headers.idempotencyKey,
            callerID: "test-caller",
            operation: "createNote",
            input: NoteInput(text: text),
            status: 201,
            database: database,
            clock: clock
        ) { connection in
            let rows = try await connection.query(
                "INSERT INTO test_notes (text) VALUES (\(text)) RETURNING id",
                logger: database.logger
            )
            var id = 0
            for try await value in rows.decode(Int.self) { id = value }
            return Components.Schemas.Note(id: id, text: text)
        }
        return .created(.init(body: .json(result.output)))
    }

    struct Secret: Error {
        var detail = "password=hunter2 at /srv/secret/internals.swift"
    }

    func crash(_ input: Operations.Crash.Input) async throws -> Operations.Crash.Output {
        throw Secret()
    }
}
