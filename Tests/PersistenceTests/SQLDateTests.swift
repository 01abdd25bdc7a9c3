import Domain
import PostgresNIO
import TestSupport
import Testing

@testable import Persistence

/// A day bound as `date` reads back in PostgreSQL as the same day: across the 2000-01-01 epoch
/// of the wire format, leap days and centuries, and the days the reports use.
@Suite struct SQLDateTests {
    @Test func aBoundDayIsTheSameDayInPostgreSQL() async throws {
        let days = [
            "1999-12-31", "2000-01-01", "2000-02-29", "2000-03-01", "1970-01-01", "1900-03-01",
            "2024-02-29", "2025-12-31", "2026-01-01", "2026-12-07", "2100-03-01",
        ].map { VietnamDay($0)! }
        try await TestDatabase.withFresh { url in
            try await TestDatabase.withDatabase(url: url) { database in
                try await database.withConnection { connection in
                    for day in days {
                        var bindings = PostgresBindings()
                        bindings.append(SQLDate(day))
                        let query = PostgresQuery(unsafeSQL: "SELECT $1::text, pg_typeof($1)::text", binds: bindings)
                        let row = try #require(try await connection.query(query, logger: database.logger).collect().first)
                        let (text, type) = try row.decode((String, String).self)
                        #expect(text == day.text)
                        #expect(type == "date")
                    }
                }
            }
        }
    }
}
