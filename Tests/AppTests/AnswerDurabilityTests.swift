import Foundation
import HTTPTypes
import HummingbirdTesting
import Persistence
import PostgresNIO
import TestSupport
import Testing

/// A save is acknowledged only once PostgreSQL has committed it. The saved row comes back before
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
}
