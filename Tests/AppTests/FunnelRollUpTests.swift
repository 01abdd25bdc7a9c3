import Domain
import Foundation
import Persistence
import PostgresNIO
import TestSupport
import Testing

@Suite struct FunnelRollUpTests {
    /// Generated activity over six months: the funnel equals a brute-force count on every day
    /// checked, with nothing rolled up, with some months rolled, and after a rebuild.
    @Test func theFunnelEqualsABruteForceCountBeforeAndAfterRollUps() async throws {
        var random = SeededRandom(seed: 31)
        struct Event: Sendable {
            var learner: UUID
            var kind: String
            var course: String
            var day: String
        }
        var events: [Event] = []
        for learner in (0..<60).map({ _ in UUID() }) {
            for _ in 0..<Int.random(in: 1...6, using: &random) {
                let kind = ["enrolled", "enrolled", "completed-lesson", "completed-course", "certified", "opened-lesson"].randomElement(
                    using: &random
                )!
                let course = kind == "certified" ? "programme" : ["c1", "c2"].randomElement(using: &random)!
                events.append(
                    Event(
                        learner: learner,
                        kind: kind,
                        course: course,
                        day: VietnamCalendar.day("2025-01-01", plus: Int.random(in: 0..<181, using: &random))
                    )
                )
            }
        }
        let generated = events
        @Sendable func expected(_ asOf: String) -> [String: [Int]] {
            let seen = generated.filter { $0.day <= asOf }
            let certified = Set(seen.filter { $0.kind == "certified" }.map(\.learner))
            return Dictionary(
                uniqueKeysWithValues: ["c1", "c2"].map { course in
                    let people = { (kind: String) in Set(seen.filter { $0.course == course && $0.kind == kind }.map(\.learner)) }
                    return (
                        course,
                        [
                            people("enrolled").count, people("completed-lesson").count, people("completed-course").count,
                            people("enrolled").intersection(certified).count,
                        ]
                    )
                }
            )
        }
        try await TestDatabase.withFresh { url in
            try await TestDatabase.withDatabase(url: url) { database in
                try await database.withTransaction { connection in
                    for course in ["c1", "c2"] {
                        try await connection.query(
                            "INSERT INTO courses (course_id, kind, live_version, updated_at) VALUES (\(course), 'course', 1, now())",
                            logger: database.logger
                        )
                    }
                    for event in generated {
                        try await connection.query(
                            """
                            INSERT INTO learner_activity (learner_id, kind, course_id, occurred_at, vn_day, channel)
                            VALUES (\(event.learner), \(event.kind), \(event.course), now(), \(event.day)::date, NULL)
                            """,
                            logger: database.logger
                        )
                    }
                }
                for (rolledThrough, rebuild) in [(nil, false), ("2025-03-31", false), ("2025-05-31", true)] as [(String?, Bool)] {
                    if let rolledThrough {
                        try await database.withTransaction {
                            try await ReachStore.rollUp(through: rolledThrough, rebuild: rebuild, on: $0, logger: database.logger)
                        }
                    }
                    for asOf in ["2025-01-15", "2025-02-28", "2025-03-31", "2025-04-01", "2025-04-20", "2025-05-31", "2025-06-29"] {
                        let funnel = try await database.withConnection {
                            try await StatisticsStore.funnel(upTo: asOf, on: $0, logger: database.logger)
                        }
                        let actual = Dictionary(
                            uniqueKeysWithValues: funnel.map { ($0.courseID, [$0.enrolled, $0.learned, $0.completed, $0.certified]) }
                        )
                        #expect(actual == expected(asOf), "on \(asOf), rolled through \(rolledThrough ?? "nothing")")
                    }
                }
            }
        }
    }
}
