import Domain
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Persistence
import PostgresNIO
import TestSupport
import Testing

@Suite struct CourseStatisticsTests {
    @Test func theFunnelCountsPeoplePerCourseAndErasureMovesNothing() async throws {
        try await withTestApp(clock: .fixed(Date(timeIntervalSince1970: 1_767_225_600))) { client, url in  // 2026-01-01
            let admin = try await registerAdmin(client, url: url)
            #expect(try await PackFixtures.upload(client, admin, try PackFixtures.zip(examplePack())).status == .created)
            var learners: [Session] = []
            for index in 0..<10 {
                let session = try await register(client, "pheu\(index)@example.org")
                #expect(
                    try await client.execute(uri: "/v1/courses/example-course/enrollment", method: .post, headers: bearer(session.accessToken)).status
                        == .created
                )
                learners.append(session)
            }
            for session in learners.prefix(3) {
                let done = try await client.execute(
                    uri: "/v1/courses/example-course/lessons/first-lesson/progress",
                    method: .put,
                    headers: bearer(session.accessToken),
                    body: json(["status": "completed"])
                )
                #expect(done.status == .ok)
            }
            let funnel = try object(try await client.execute(uri: "/v1/stats/funnel", method: .get, headers: bearer(admin.accessToken)))
            #expect(funnel["asOf"] as? String == "2026-01-01")
            let rows = try #require(funnel["items"] as? [[String: Any]])
            let row = try #require(rows.first { $0["courseId"] as? String == "example-course" })
            #expect(row["enrolled"] as? Int == 10)
            #expect(row["learned"] == nil && row["suppressed"] as? Bool == true, "3 people who learned are withheld")
            #expect(row["completed"] as? Int == 0 && row["certified"] as? Int == 0, "zeros are shown")

            #expect(
                try await client.execute(
                    uri: "/v1/me",
                    method: .delete,
                    headers: bearer(learners[0].accessToken),
                    body: json(["password": "gió mùa thu về trên phố"])
                ).status == .noContent
            )
            let after = try object(try await client.execute(uri: "/v1/stats/funnel", method: .get, headers: bearer(admin.accessToken)))
            #expect((after["items"] as? [[String: Any]])?.first { $0["courseId"] as? String == "example-course" }?["enrolled"] as? Int == 10)

            let before = try object(
                try await client.execute(uri: "/v1/stats/funnel?asOf=2025-12-31", method: .get, headers: bearer(admin.accessToken))
            )
            #expect((before["items"] as? [[String: Any]])?.first?["enrolled"] as? Int == 0)
            var headers = bearer(admin.accessToken)
            headers[.accept] = "text/csv"
            let csv = String(buffer: try await client.execute(uri: "/v1/stats/funnel", method: .get, headers: headers).body)
            #expect(csv.contains("\r\nexample-course,10,<10,0,0,2026-01-01\r\n"))
            try expectProblem(
                try await client.execute(uri: "/v1/stats/funnel?asOf=2026-01-02", method: .get, headers: bearer(admin.accessToken)),
                status: .unprocessableContent,
                type: "validation"
            )
        }
    }

    /// Graded items written straight into attempts, so the expected statistics are known exactly.
    @Test func itemStatisticsFollowTheGradedAnswersAndWithholdSmallSamples() async throws {
        try await withTestApp(clock: .fixed(Date(timeIntervalSince1970: 1_767_225_600))) { client, url in
            let admin = try await registerAdmin(client, url: url)
            var random = SeededRandom(seed: 11)
            // 40 attempts of three questions (q3 only in the first 5), the last still open.
            struct Planned: Sendable { var learner = UUID(), attempt = UUID(), open: Bool, questions: [String], earned: [Double] }
            var planned: [Planned] = []
            var expected: [String: [(Double, Double)]] = [:]
            for index in 0..<40 {
                let questions = index < 5 ? ["q1", "q2", "q3"] : ["q1", "q2"]
                let earned = questions.map { _ in Double(Int.random(in: 0...2, using: &random)) / 2 }
                planned.append(Planned(open: index == 39, questions: questions, earned: earned))
                for (position, question) in questions.enumerated() where index != 39 {
                    expected[question, default: []].append((earned[position], earned.reduce(0, +) - earned[position]))
                }
            }
            let attempts = planned
            try await TestDatabase.withDatabase(url: url) { database in
                try await database.withTransaction { connection in
                    for (index, attempt) in attempts.enumerated() {
                        try await connection.query(
                            "INSERT INTO learners (learner_id, display_name, locale, created_at, updated_at) VALUES (\(attempt.learner), 'x', 'vi', now(), now())",
                            logger: database.logger
                        )
                        try await connection.query(
                            """
                            INSERT INTO attempts (learner_id, attempt_id, course_id, quiz_id, quiz_version, seed, started_at, closed_at, close_reason, score, passed)
                            VALUES (\(attempt.learner), \(attempt.attempt), 'c', 'q', 1, 1, now(), \(attempt.open ? nil : Date()), \(attempt.open ? nil : "submitted"), 0, false)
                            """,
                            logger: database.logger
                        )
                        for (position, question) in attempt.questions.enumerated() {
                            // Every fourth attempt left q2 blank.
                            let answer: String? = position == 1 && index % 4 == 0 ? nil : "{}"
                            try await connection.query(
                                """
                                INSERT INTO attempt_items (learner_id, attempt_id, position, question_id, question_version, option_order, match_order, answer, earned, correct)
                                VALUES (\(attempt.learner), \(attempt.attempt), \(position), \(question), 2, '{}', '{}', \(answer)::jsonb,
                                        \(attempt.earned[position]), \(attempt.earned[position] == 1))
                                """,
                                logger: database.logger
                            )
                        }
                    }
                }
            }
            let body = try object(try await client.execute(uri: "/v1/stats/items?quizId=q", method: .get, headers: bearer(admin.accessToken)))
            let rows = try #require(body["items"] as? [[String: Any]])
            #expect(rows.map { $0["questionId"] as? String } == ["q1", "q2", "q3"])
            for row in rows.prefix(2) {
                let question = try #require(row["questionId"] as? String)
                let statistics = ItemStatistics(itemSums(try #require(expected[question])))
                #expect(row["presented"] as? Int == 39 && row["questionVersion"] as? Int == 2)
                #expect(abs((row["facility"] as? Double ?? -1) - (statistics.facility ?? -2)) < 1e-9)
                #expect(abs((row["discrimination"] as? Double ?? -9) - (statistics.discrimination ?? -9)) < 1e-9)
                #expect((row["flags"] as? [String]) == statistics.flags.map(\.rawValue))
            }
            #expect(rows[1]["answers"] as? Int == 29, "every fourth attempt left q2 blank")
            #expect(
                rows[2]["presented"] as? Int == nil && rows[2]["facility"] == nil && rows[2]["suppressed"] as? Bool == true,
                "q3 was shown 5 times"
            )
            // Every row, the withheld one too, has what the contract requires; `presented` is not
            // required, since a withheld row leaves it out (issue 18: the contract fuzz found it).
            let required = try #require(try ContractRulesTests.schemas()["ItemStatisticsRow"]?["required"] as? [String])
            #expect(!required.contains("presented") && rows[2].keys.contains("presented") == false)
            for row in rows {
                #expect(required.allSatisfy { row[$0] != nil }, "\(row)")
            }
            let other = try object(try await client.execute(uri: "/v1/stats/items?courseId=other", method: .get, headers: bearer(admin.accessToken)))
            #expect((other["items"] as? [Any])?.isEmpty == true)
            try expectProblem(
                try await client.execute(uri: "/v1/stats/items?courseId=", method: .get, headers: bearer(admin.accessToken)),
                status: .unprocessableContent,
                type: "validation"
            )
            // NUL is refused before any route sees it.
            try expectProblem(
                try await client.execute(uri: "/v1/stats/items?quizId=q%00", method: .get, headers: bearer(admin.accessToken)),
                status: .badRequest,
                type: "malformed-request"
            )
        }
    }
}

/// Adds up (credit on the item, credit on the rest) pairs the way the statistics query does.
func itemSums(_ pairs: [(Double, Double)]) -> ItemStatistics.Sums {
    ItemStatistics.Sums(
        count: pairs.count,
        x: pairs.map(\.0).reduce(0, +),
        xx: pairs.map { $0.0 * $0.0 }.reduce(0, +),
        y: pairs.map(\.1).reduce(0, +),
        yy: pairs.map { $0.1 * $0.1 }.reduce(0, +),
        xy: pairs.map { $0.0 * $0.1 }.reduce(0, +)
    )
}
