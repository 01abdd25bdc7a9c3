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

@Suite struct ReachSeriesTests {
    static let people = Array(repeating: (province: Optional("quang-nam-pre2025"), sex: Optional("female"), groups: ["older-person"], day: "2025-05-10"), count: 12)
        + Array(repeating: (province: Optional("da-nang"), sex: Optional("male"), groups: [String](), day: "2025-09-01"), count: 15)
        + Array(repeating: (province: Optional("ha-noi"), sex: Optional("female"), groups: [String](), day: "2025-09-02"), count: 4)
        + Array(repeating: (province: Optional("hue"), sex: Optional("male"), groups: [String](), day: "2025-09-03"), count: 20)

    @Test func everyDailyPointEqualsTheFiguresForThatDay() async throws {
        try await withTestApp(clock: .fixed(Date(timeIntervalSince1970: 1_767_225_600))) { client, url in  // 2026-01-01
            try await ReachBreakdownTests().seed(url, Self.people)
            let session = try await ReachBreakdownTests().statistician(client, url: url)
            let response = try await client.execute(uri: "/v1/stats/reach/timeseries?from=2025-08-30&to=2025-09-04", method: .get, headers: bearer(session.accessToken))
            #expect(response.status == .ok)
            let body = try object(response)
            #expect(body["from"] as? String == "2025-08-30" && body["to"] as? String == "2025-09-04")
            let points = try #require(body["points"] as? [[String: Any]])
            #expect(points.map { $0["day"] as? String } == ["2025-08-30", "2025-08-31", "2025-09-01", "2025-09-02", "2025-09-03", "2025-09-04"])
            #expect(points.map { $0["reached"] as? Int } == [12, 12, 27, 31, 51, 51])
            #expect(points.allSatisfy { $0["target"] as? Double == 0.8 && $0["internetUsers"] as? Int == 79_800_000 })
            for point in points {
                let day = try #require(point["day"] as? String)
                let figures = try object(try await client.execute(uri: "/v1/stats/reach?asOf=\(day)", method: .get, headers: bearer(session.accessToken)))
                #expect(point["reached"] as? Int == figures["reached"] as? Int)
                #expect(point["rate"] as? Double == figures["rate"] as? Double)
            }
            // Before the first person, and with one to nine, nothing is given away.
            let early = try object(try await client.execute(uri: "/v1/stats/reach/timeseries?from=2025-05-09&to=2025-05-10", method: .get, headers: bearer(session.accessToken)))
            let earlyPoints = try #require(early["points"] as? [[String: Any]])
            #expect(earlyPoints[0]["reached"] as? Int == 0 && earlyPoints[1]["reached"] as? Int == 12)

            // The year's start through today by default.
            let year = try object(try await client.execute(uri: "/v1/stats/reach/timeseries", method: .get, headers: bearer(session.accessToken)))
            #expect(year["from"] as? String == "2026-01-01" && (year["points"] as? [Any])?.count == 1)
        }
    }

    @Test func monthEndBreakdownsEqualTheGroupedFiguresBeforeAndAfterARollUp() async throws {
        try await withTestApp(clock: .fixed(Date(timeIntervalSince1970: 1_767_225_600))) { client, url in
            try await ReachBreakdownTests().seed(url, Self.people)
            let session = try await ReachBreakdownTests().statistician(client, url: url)
            for rolledThrough in [nil, "2025-08-31"] as [String?] {
                if let rolledThrough {
                    try await TestDatabase.withDatabase(url: url) { database in
                        try await database.withTransaction { try await ReachStore.rollUp(through: rolledThrough, on: $0, logger: database.logger) }
                    }
                }
                let series = try object(try await client.execute(
                    uri: "/v1/stats/reach/timeseries?from=2025-04-15&to=2025-10-20&groupBy=province,sex", method: .get, headers: bearer(session.accessToken)
                ))
                let breakdowns = try #require(series["breakdowns"] as? [[String: Any]])
                #expect(breakdowns.map { $0["asOf"] as? String } == ["2025-04-30", "2025-05-31", "2025-06-30", "2025-07-31", "2025-08-31", "2025-09-30"])
                for breakdown in breakdowns {
                    let monthEnd = try #require(breakdown["asOf"] as? String)
                    let figures = try object(try await client.execute(
                        uri: "/v1/stats/reach?asOf=\(monthEnd)&groupBy=province,sex", method: .get, headers: bearer(session.accessToken)
                    ))
                    let expected = try #require(figures["breakdown"] as? [String: Any])
                    #expect(try JSONSerialization.data(withJSONObject: breakdown, options: .sortedKeys)
                        == JSONSerialization.data(withJSONObject: expected, options: .sortedKeys), "\(monthEnd), rolled through \(rolledThrough ?? "nothing")")
                }
            }
            var headers = bearer(session.accessToken)
            headers[.accept] = "text/csv"
            let csv = String(buffer: try await client.execute(uri: "/v1/stats/reach/timeseries?from=2025-09-01&to=2025-09-30&groupBy=province", method: .get, headers: headers).body)
            let lines = csv.components(separatedBy: "\r\n")
            #expect(lines.first == "\u{FEFF}asOf,province,reached,learned,completedCourse,certified")
            #expect(lines.contains("2025-09-30,da-nang,27,0,0,0"))
            #expect(lines.contains { $0.hasPrefix("2025-09-30,ha-noi,<10,") })
            let daily = String(buffer: try await client.execute(uri: "/v1/stats/reach/timeseries?from=2025-09-01&to=2025-09-02", method: .get, headers: headers).body)
            #expect(daily == "\u{FEFF}day,reached,learned,completedCourse,certified,internetUsers,target,rate\r\n"
                + "2025-09-01,27,0,0,0,79800000,0.8,\(27.0 / 79_800_000)\r\n2025-09-02,31,0,0,0,79800000,0.8,\(31.0 / 79_800_000)\r\n")
        }
    }

    @Test func badRangesAreRefusedAllAtOnceAndOnlyStatisticiansSeeTheSeries() async throws {
        try await withTestApp(clock: .fixed(Date(timeIntervalSince1970: 1_767_225_600))) { client, url in
            let session = try await ReachBreakdownTests().statistician(client, url: url)
            let learner = try await register(client, "hoc.vien@example.org")
            let cases: [(String, [String])] = [
                ("from=2025-09-02&to=2025-09-01", ["/query/from"]),
                ("from=2015-01-01&to=2025-09-01", ["/query/from"]),
                ("from=2020-01-01&to=2030-01-01&groupBy=province,sex,channel", ["/query/to", "/query/groupBy"]),
                ("from=2025-02-30", ["/query/from"]),
                ("groupBy=town", ["/query/groupBy"]),
            ]
            for (query, pointers) in cases {
                let response = try await client.execute(uri: "/v1/stats/reach/timeseries?\(query)", method: .get, headers: bearer(session.accessToken))
                try expectProblem(response, status: .unprocessableContent, type: "validation")
                let errors = try #require(try object(response)["errors"] as? [[String: Any]])
                #expect(errors.compactMap { $0["pointer"] as? String } == pointers, "\(query)")
            }
            for path in ["/v1/stats/reach/timeseries", "/v1/stats/funnel", "/v1/stats/items"] {
                try expectProblem(try await client.execute(uri: path, method: .get, headers: bearer(learner.accessToken)), status: .forbidden, type: "forbidden")
                try expectProblem(try await client.execute(uri: path, method: .get), status: .unauthorized, type: "unauthorized")
            }
        }
    }
}

@Suite struct CourseStatisticsTests {
    @Test func theFunnelCountsPeoplePerCourseAndErasureMovesNothing() async throws {
        try await withTestApp(clock: .fixed(Date(timeIntervalSince1970: 1_767_225_600))) { client, url in  // 2026-01-01
            let admin = try await CatalogTests.admin(client, url: url)
            #expect(try await CatalogTests.upload(client, admin, try CatalogTests.zip(examplePack())).status == .created)
            var learners: [Session] = []
            for index in 0..<10 {
                let session = try await register(client, "pheu\(index)@example.org")
                #expect(try await client.execute(uri: "/v1/courses/example-course/enrollment", method: .post, headers: bearer(session.accessToken)).status == .created)
                learners.append(session)
            }
            for session in learners.prefix(3) {
                let done = try await client.execute(
                    uri: "/v1/courses/example-course/lessons/first-lesson/progress", method: .put, headers: bearer(session.accessToken), body: json(["status": "completed"])
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

            #expect(try await client.execute(uri: "/v1/me", method: .delete, headers: bearer(learners[0].accessToken), body: json(["password": "gió mùa thu về trên phố"])).status == .noContent)
            let after = try object(try await client.execute(uri: "/v1/stats/funnel", method: .get, headers: bearer(admin.accessToken)))
            #expect((after["items"] as? [[String: Any]])?.first { $0["courseId"] as? String == "example-course" }?["enrolled"] as? Int == 10)

            let before = try object(try await client.execute(uri: "/v1/stats/funnel?asOf=2025-12-31", method: .get, headers: bearer(admin.accessToken)))
            #expect((before["items"] as? [[String: Any]])?.first?["enrolled"] as? Int == 0)
            var headers = bearer(admin.accessToken)
            headers[.accept] = "text/csv"
            let csv = String(buffer: try await client.execute(uri: "/v1/stats/funnel", method: .get, headers: headers).body)
            #expect(csv.contains("\r\nexample-course,10,<10,0,0,2026-01-01\r\n"))
            try expectProblem(try await client.execute(uri: "/v1/stats/funnel?asOf=2026-01-02", method: .get, headers: bearer(admin.accessToken)), status: .unprocessableContent, type: "validation")
        }
    }

    /// Graded items written straight into attempts, so the expected statistics are known exactly.
    @Test func itemStatisticsFollowTheGradedAnswersAndWithholdSmallSamples() async throws {
        try await withTestApp(clock: .fixed(Date(timeIntervalSince1970: 1_767_225_600))) { client, url in
            let admin = try await CatalogTests.admin(client, url: url)
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
            #expect(rows[2]["presented"] as? Int == nil && rows[2]["facility"] == nil && rows[2]["suppressed"] as? Bool == true, "q3 was shown 5 times")
            let other = try object(try await client.execute(uri: "/v1/stats/items?courseId=other", method: .get, headers: bearer(admin.accessToken)))
            #expect((other["items"] as? [Any])?.isEmpty == true)
            for bad in ["courseId=", "quizId=q%00"] {
                try expectProblem(try await client.execute(uri: "/v1/stats/items?\(bad)", method: .get, headers: bearer(admin.accessToken)), status: .unprocessableContent, type: "validation")
            }
        }
    }
}

/// Adds up (credit on the item, credit on the rest) pairs the way the statistics query does.
func itemSums(_ pairs: [(Double, Double)]) -> ItemStatistics.Sums {
    ItemStatistics.Sums(
        count: pairs.count, x: pairs.map(\.0).reduce(0, +), xx: pairs.map { $0.0 * $0.0 }.reduce(0, +),
        y: pairs.map(\.1).reduce(0, +), yy: pairs.map { $0.1 * $0.1 }.reduce(0, +), xy: pairs.map { $0.0 * $0.1 }.reduce(0, +)
    )
}

@Suite struct ExactFiguresTests {
    @Test func administratorsMayAskForExactFiguresButNeverForTheSensitiveGroups() async throws {
        try await withTestApp(clock: .fixed(Date(timeIntervalSince1970: 1_767_225_600))) { client, url in  // 2026-01-01
            try await ReachBreakdownTests().seed(url, [
                (province: "ha-noi", sex: "female", groups: ["person-with-disability"], day: "2025-09-02"),
                (province: "ha-noi", sex: "female", groups: ["person-with-disability", "older-person"], day: "2025-09-02"),
                (province: "hue", sex: "male", groups: ["older-person"], day: "2025-09-03"),
            ])
            let admin = try await CatalogTests.admin(client, url: url)
            let statistician = try await ReachBreakdownTests().statistician(client, url: url)
            let rows = { (query: String) -> [String: [String: Any]] in
                let body = try object(try await client.execute(uri: "/v1/stats/reach?asOf=2025-12-31&\(query)", method: .get, headers: bearer(admin.accessToken)))
                let rows = (body["breakdown"] as? [String: Any])?["rows"] as? [[String: Any]] ?? []
                return Dictionary(uniqueKeysWithValues: rows.map { (($0["values"] as? [String])?.first ?? "", $0) })
            }
            let exact = try object(try await client.execute(uri: "/v1/stats/reach?asOf=2025-12-31&exact=true", method: .get, headers: bearer(admin.accessToken)))
            #expect(exact["reached"] as? Int == 3 && exact["suppressed"] as? Bool == false)
            let provinces = try await rows("groupBy=province&exact=true")
            #expect(provinces["ha-noi"]?["reached"] as? Int == 2 && provinces["hue"]?["reached"] as? Int == 1)
            let groups = try await rows("groupBy=group&exact=true")
            #expect(groups["older-person"]?["reached"] as? Int == 2)
            #expect(groups["person-with-disability"]?["reached"] == nil && groups["person-with-disability"]?["suppressed"] as? Bool == true,
                    "disability stays suppressed, for administrators too")
            let usual = try await rows("groupBy=province")
            #expect(usual["ha-noi"]?["reached"] == nil, "without asking, administrators get suppressed figures like everyone")
            try expectProblem(
                try await client.execute(uri: "/v1/stats/reach?exact=true", method: .get, headers: bearer(statistician.accessToken)), status: .forbidden, type: "forbidden"
            )
        }
    }
}

@Suite struct FunnelRollUpTests {
    /// Generated activity over six months: the funnel equals a brute-force count on every day
    /// checked, with nothing rolled up, with some months rolled, and after a rebuild.
    @Test func theFunnelEqualsABruteForceCountBeforeAndAfterRollUps() async throws {
        var random = SeededRandom(seed: 31)
        struct Event: Sendable { var learner: UUID; var kind: String; var course: String; var day: String }
        var events: [Event] = []
        for learner in (0..<60).map({ _ in UUID() }) {
            for _ in 0..<Int.random(in: 1...6, using: &random) {
                let kind = ["enrolled", "enrolled", "completed-lesson", "completed-course", "certified", "opened-lesson"].randomElement(using: &random)!
                let course = kind == "certified" ? "programme" : ["c1", "c2"].randomElement(using: &random)!
                events.append(Event(learner: learner, kind: kind, course: course, day: VietnamCalendar.day("2025-01-01", plus: Int.random(in: 0..<181, using: &random))))
            }
        }
        let generated = events
        @Sendable func expected(_ asOf: String) -> [String: [Int]] {
            let seen = generated.filter { $0.day <= asOf }
            let certified = Set(seen.filter { $0.kind == "certified" }.map(\.learner))
            return Dictionary(uniqueKeysWithValues: ["c1", "c2"].map { course in
                let people = { (kind: String) in Set(seen.filter { $0.course == course && $0.kind == kind }.map(\.learner)) }
                return (course, [people("enrolled").count, people("completed-lesson").count, people("completed-course").count,
                                 people("enrolled").intersection(certified).count])
            })
        }
        try await TestDatabase.withFresh { url in try await TestDatabase.withDatabase(url: url) { database in
            try await database.withTransaction { connection in
                for course in ["c1", "c2"] {
                    try await connection.query("INSERT INTO courses (course_id, kind, live_version, updated_at) VALUES (\(course), 'course', 1, now())", logger: database.logger)
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
                    try await database.withTransaction { try await ReachStore.rollUp(through: rolledThrough, rebuild: rebuild, on: $0, logger: database.logger) }
                }
                for asOf in ["2025-01-15", "2025-02-28", "2025-03-31", "2025-04-01", "2025-04-20", "2025-05-31", "2025-06-29"] {
                    let funnel = try await database.withConnection { try await StatisticsStore.funnel(upTo: asOf, on: $0, logger: database.logger) }
                    let actual = Dictionary(uniqueKeysWithValues: funnel.map { ($0.courseID, [$0.enrolled, $0.learned, $0.completed, $0.certified]) })
                    #expect(actual == expected(asOf), "on \(asOf), rolled through \(rolledThrough ?? "nothing")")
                }
            }
        } }
    }
}
