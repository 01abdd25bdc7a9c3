import Domain
import Foundation
import Persistence
import PostgresNIO
import TestSupport
import Testing

@Suite struct ReachRowsTests {
    /// The SQL that writes first-reach rows bands ages exactly as `AgeBand.of` does.
    @Test func sqlAgeBandsAgreeWithDomain() async throws {
        let now = Date(timeIntervalSince1970: 1_772_330_400)
        let years: [Int?] = [nil] + Array(1900...2026)
        try await TestDatabase.withFresh { url in
            try await TestDatabase.withDatabase(url: url) { database in
                try await database.withTransaction { connection in
                    var ids: [(UUID, Int?)] = []
                    for year in years {
                        let id = UUID()
                        ids.append((id, year))
                        try await connection.query(
                            """
                            INSERT INTO learners (learner_id, display_name, locale, birth_year, created_at, updated_at)
                            VALUES (\(id), 'x', 'vi', \(year), \(now), \(now))
                            """,
                            logger: database.logger
                        )
                        try await LearningStore.record(
                            .enrolled,
                            learnerID: id,
                            courseID: "c",
                            now: now,
                            channel: nil,
                            on: connection,
                            logger: database.logger
                        )
                    }
                    for (id, year) in ids {
                        let band = try await connection.query(
                            "SELECT age_band FROM first_reach WHERE learner_id = \(id) AND level = 'reached'",
                            logger: database.logger
                        ).collect().first!.decode(String.self)
                        #expect(band == AgeBand.of(birthYear: year, on: now).rawValue, "birth year \(String(describing: year))")
                    }
                }
            }
        }
    }

    @Test func levelsIncludeTheLevelsBelow() {
        #expect(ReachLevel.reached.withLowerLevels == [.reached])
        #expect(ReachLevel.certified.withLowerLevels == [.reached, .learned, .completedCourse, .certified])
        #expect(AgeBand.of(age: 14) == .under15)
        #expect(AgeBand.of(age: 15) == .from15To24)
        #expect(AgeBand.of(age: 64) == .from55To64)
        #expect(AgeBand.of(age: 65) == .from65)
    }
}
