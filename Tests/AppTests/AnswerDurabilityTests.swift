import Foundation
import HTTPTypes
import HummingbirdTesting
import Persistence
import PostgresNIO
import TestSupport
import Testing

/// A save is acknowledged only once PostgreSQL has committed it, and never lands in a graded attempt. The saved row comes back before
/// the commit; a save answered on that row was acknowledged even when the commit then failed,
/// or never happened because the database crashed (the backup drill found one such save).
@Suite struct AnswerDurabilityTests {
    @Test func aSaveWhoseCommitFailsIsNotAcknowledged() async throws {
        try await withTestApp { client, url in
            try await importPack(client, url: url, examplePack())
            let session = try await register(client, "an.toan@example.org")
            let attempt = try decode(AttemptDocument.self, try await startAttempt(client, session))
            // A deferred check runs at commit, after the statement has returned its row.
            try await TestDatabase.withDatabase(url: url) { database in
                try await database.withConnection { connection in
                    for sql in [
                        "CREATE FUNCTION refuse_at_commit() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'refused at commit'; END $$",
                        """
                        CREATE CONSTRAINT TRIGGER refuse_at_commit AFTER UPDATE ON attempt_items
                        DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION refuse_at_commit()
                        """,
                    ] {
                        _ = try await connection.query(PostgresQuery(unsafeSQL: sql), logger: database.logger).collect()
                    }
                }
            }
            let saved = try await saveAnswer(client, session, attempt: attempt.id, item: "ex-single", ["optionIds": ["b"]])
            #expect(saved.status != .ok, "the commit failed, so the save must not be acknowledged")
            #expect(try await query("SELECT count(*)::int FROM attempt_items WHERE answer IS NOT NULL", url: url) == 0)
        }
    }

    /// A save that arrives while the attempt is being graded waits for the grading, then is
    /// refused: never stored in an attempt graded without it.
    @Test func aSaveDuringGradingWaitsAndIsRefused() async throws {
        try await withTestApp { client, url in
            try await importPack(client, url: url, examplePack())
            let session = try await register(client, "cham.bai@example.org")
            let attempt = try decode(AttemptDocument.self, try await startAttempt(client, session))
            let save = try await TestDatabase.withDatabase(url: url) { database in
                try await database.withConnection { connection in
                    func run(_ sql: String) async throws -> [PostgresRow] {
                        try await connection.query(PostgresQuery(unsafeSQL: sql), logger: database.logger).collect()
                    }
                    // Grading holds the attempt as submit does, then closes it.
                    _ = try await run("BEGIN")
                    _ = try await run("SELECT 1 FROM attempts WHERE attempt_id = '\(attempt.id)' FOR UPDATE")
                    async let saved = saveAnswer(client, session, attempt: attempt.id, item: "ex-single", ["optionIds": ["b"]])
                    // Wait until the save is blocked on the attempt's lock (a save that does not wait
                    // for it is answered meanwhile, and the test fails below), and no longer: the
                    // save's statement_timeout (30 s) runs while it waits.
                    for _ in 0..<500 {
                        if try await run("SELECT count(*)::int FROM pg_locks WHERE NOT granted").first!.decode(Int.self) > 0 { break }
                        try await Task.sleep(for: .milliseconds(20))
                    }
                    _ = try await run("UPDATE attempts SET closed_at = now(), close_reason = 'submitted' WHERE attempt_id = '\(attempt.id)'")
                    _ = try await run("COMMIT")
                    return try await saved
                }
            }
            #expect(save.status == .conflict, "the attempt was closed while the save waited")
            #expect(try await query("SELECT count(*)::int FROM attempt_items WHERE answer IS NOT NULL", url: url) == 0)
        }
    }
}
