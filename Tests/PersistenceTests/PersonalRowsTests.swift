import Foundation
import Persistence
import PostgresNIO
import TestSupport
import Testing

/// Every table with a `learner_id` column holds a person's rows, and leads its primary key with
/// that column (DESIGN.md, "Data principles"): one index finds, exports and erases a person's
/// rows, and the table can be distributed by `learner_id` when one primary is not enough.
@Suite struct PersonalRowsTests {
    @Test func everyTableWithAPersonsRowsLeadsItsPrimaryKeyWithLearnerId() async throws {
        try await TestDatabase.withFresh { url in
            try await TestDatabase.withDatabase(url: url) { database in
                let tables = try await database.withConnection { connection in
                    var tables: [String: String?] = [:]
                    let rows = try await connection.query(
                        """
                        SELECT c.relname,
                               (SELECT a.attname::text FROM pg_index i JOIN pg_attribute a
                                  ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0]
                                 WHERE i.indrelid = c.oid AND i.indisprimary)
                          FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                         WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')
                           AND EXISTS (SELECT FROM pg_attribute WHERE attrelid = c.oid AND attname = 'learner_id' AND NOT attisdropped)
                        """,
                        logger: database.logger
                    )
                    for try await (table, leading) in rows.decode((String, String?).self) { tables[table] = leading }
                    return tables
                }
                #expect(tables.count >= 20, "the tables of accounts, learning, certificates and classes are all found")
                #expect(tables["progress_reads"] != nil)
                // The anonymous aggregate erased people's reach moves into has no learner_id at all.
                #expect(tables["reach_retained"] == nil)
                for (table, leading) in tables.sorted(by: { $0.key < $1.key }) {
                    #expect(leading == "learner_id", "\(table) leads its primary key with \(leading ?? "nothing")")
                }
            }
        }
    }
}
