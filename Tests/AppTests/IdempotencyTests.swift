import App
import Domain
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Persistence
import PostgresNIO
import TestSupport
import Testing

@Suite struct IdempotencyTests {
    let now = Date(timeIntervalSince1970: 1_772_330_400)

    func withNotes<Result: Sendable>(_ body: @escaping @Sendable (Database) async throws -> Result) async throws -> Result {
        try await TestDatabase.withFresh { url in
            try await TestDatabase.withDatabase(url: url) { database in
                try await database.withConnection { connection in
                    _ = try await connection.query(.init(unsafeSQL: TestNotesAPI.createTable), logger: database.logger)
                }
                return try await body(database)
            }
        }
    }

    /// `IdempotencyStore.perform` in a transaction of its own, as a service step runs it.
    func perform(
        key: String,
        callerID: String,
        requestHash: [UInt8],
        now: Date,
        in database: Database,
        write: (PostgresConnection) async throws -> StoredResponse
    ) async throws -> IdempotencyStore.Outcome {
        try await database.withTransaction { connection in
            try await IdempotencyStore.perform(
                key: key,
                callerID: callerID,
                requestHash: requestHash,
                now: now,
                on: connection,
                logger: database.logger,
                write: write
            )
        }
    }

    /// A guarded test-only write: inserts a note and answers with its id.
    func insertNote(_ database: Database, key: String, hash: [UInt8] = [1, 2, 3], at time: Date? = nil) async throws -> IdempotencyStore.Outcome {
        try await perform(key: key, callerID: "caller-a", requestHash: hash, now: time ?? now, in: database) { connection in
            let id = try await connection.query("INSERT INTO test_notes (text) VALUES ('x') RETURNING id", logger: database.logger)
                .collect().first!.decode(Int.self)
            return StoredResponse(status: 201, contentType: "application/json", location: "/test/notes/\(id)", body: Array("\(id)".utf8))
        }
    }

    func noteCount(_ database: Database) async throws -> Int {
        try await database.withConnection { connection in
            try await connection.query("SELECT count(*)::int FROM test_notes", logger: database.logger).collect().first!.decode(Int.self)
        }
    }

    @Test func repeatGetsTheStoredResponseAndWritesNothing() async throws {
        try await withNotes { database in
            let first = try await insertNote(database, key: "k1")
            let second = try await insertNote(database, key: "k1")
            guard case .performed(let original) = first, case .replayed(let replay) = second else {
                Issue.record("expected performed then replayed, got \(first), \(second)")
                return
            }
            #expect(replay == original)
            #expect(try await noteCount(database) == 1)
        }
    }

    @Test func sameKeyWithAnotherRequestIsRefused() async throws {
        try await withNotes { database in
            _ = try await insertNote(database, key: "k1", hash: [1])
            await #expect(throws: IdempotencyStore.KeyReused.self) {
                _ = try await insertNote(database, key: "k1", hash: [2])
            }
            #expect(try await noteCount(database) == 1)
        }
    }

    @Test func keysBelongToTheirCaller() async throws {
        try await withNotes { database in
            _ = try await insertNote(database, key: "shared")
            let other = try await perform(key: "shared", callerID: "caller-b", requestHash: [9], now: now, in: database) { _ in
                StoredResponse(status: 201, contentType: nil, body: [])
            }
            guard case .performed = other else {
                Issue.record("another caller's key was replayed")
                return
            }
        }
    }

    @Test func concurrentDuplicatesWriteOnceAndAllGetTheSameAnswer() async throws {
        try await withNotes { database in
            let outcomes = try await withThrowingTaskGroup(of: IdempotencyStore.Outcome.self) { group in
                for _ in 0..<8 {
                    group.addTask { try await insertNote(database, key: "burst") }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(try await noteCount(database) == 1)
            #expect(Set(outcomes.map(\.response)).count == 1)
            #expect(outcomes.filter { if case .performed = $0 { true } else { false } }.count == 1)
        }
    }

    @Test func failedWriteLeavesNoKeySoARetryPerformsIt() async throws {
        struct Boom: Error {}
        try await withNotes { database in
            await #expect(throws: Boom.self) {
                _ = try await perform(key: "k", callerID: "caller-a", requestHash: [1], now: now, in: database) { _ in
                    throw Boom()
                }
            }
            guard case .performed = try await insertNote(database, key: "k", hash: [1]) else {
                Issue.record("the retry was not performed")
                return
            }
        }
    }

    @Test func keyExpiresAfter24Hours() async throws {
        try await withNotes { database in
            _ = try await insertNote(database, key: "k", hash: [1], at: now)
            guard case .replayed = try await insertNote(database, key: "k", hash: [1], at: now.addingTimeInterval(24 * 3600 - 1)) else {
                Issue.record("a key younger than 24 hours was not replayed")
                return
            }
            guard case .performed = try await insertNote(database, key: "k", hash: [2], at: now.addingTimeInterval(24 * 3600)) else {
                Issue.record("an expired key was not reused")
                return
            }
            #expect(try await noteCount(database) == 2)
            #expect(try await IdempotencyStore.purge(now: now.addingTimeInterval(48 * 3600), in: database) == 1)
        }
    }

    @Test func overHTTPRepeatsReplayAndOtherBodiesAre422() async throws {
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
                }
            ) { client, _ in
                let headers: HTTPFields = [.contentType: "application/json", .accept: "application/json", .idempotencyKey: "note-1"]
                let first = try await client.execute(uri: "/test/notes", method: .post, headers: headers, body: ByteBuffer(string: #"{"text":"hi"}"#))
                let again = try await client.execute(
                    uri: "/test/notes",
                    method: .post,
                    headers: headers,
                    body: ByteBuffer(string: #"{ "text" : "hi" }"#)
                )
                #expect(first.status == .created)
                #expect(again.status == .created)
                #expect(String(buffer: first.body) == String(buffer: again.body))

                let other = try await client.execute(
                    uri: "/test/notes",
                    method: .post,
                    headers: headers,
                    body: ByteBuffer(string: #"{"text":"bye"}"#)
                )
                try expectProblem(other, status: .unprocessableContent, type: "idempotency-key-reused")

                var badKey = headers
                badKey[.idempotencyKey] = String(repeating: "k", count: 256)
                let refused = try await client.execute(
                    uri: "/test/notes",
                    method: .post,
                    headers: badKey,
                    body: ByteBuffer(string: #"{"text":"hi"}"#)
                )
                let problem = try expectProblem(refused, status: .unprocessableContent, type: "validation")
                #expect(problem.errors?.map(\.pointer) == ["/headers/Idempotency-Key"])

                let unguarded: HTTPFields = [.contentType: "application/json"]
                let a = try await client.execute(uri: "/test/notes", method: .post, headers: unguarded, body: ByteBuffer(string: #"{"text":"hi"}"#))
                let b = try await client.execute(uri: "/test/notes", method: .post, headers: unguarded, body: ByteBuffer(string: #"{"text":"hi"}"#))
                #expect(String(buffer: a.body) != String(buffer: b.body), "without a key every request writes")
            }
        }
    }
}
