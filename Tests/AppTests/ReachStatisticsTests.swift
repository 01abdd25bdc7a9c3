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

@Suite struct ReachStatisticsTests {
    /// Generated people with activity at random times (many around midnight in Vietnam), some
    /// erased afterwards: the published figures equal a brute-force recount, erased people included.
    @Test func figuresEqualABruteForceRecountIncludingErasedPeople() async throws {
        var random = SeededRandom(seed: 2025)
        // 2025-03-01 00:00 in Vietnam is 2025-02-28 17:00 UTC.
        let vietnamMidnight = Date(timeIntervalSince1970: 1_740_762_000)
        struct Event: Sendable {
            var learner: UUID
            var activity: Activity
            var at: Date
        }
        var events: [Event] = []
        var erased: Set<UUID> = []
        let learners = (0..<60).map { _ in UUID() }
        for learner in learners {
            for _ in 0..<Int.random(in: 1...4, using: &random) {
                let offset = Double(Int.random(in: -3 * 86_400...3 * 86_400, using: &random))
                let nearMidnight = Bool.random(using: &random) ? Double(Int.random(in: -2...2, using: &random)) : offset
                events.append(
                    Event(
                        learner: learner,
                        activity: Activity.allCases.randomElement(using: &random)!,
                        at: vietnamMidnight.addingTimeInterval(nearMidnight)
                    )
                )
            }
            if Int.random(in: 0..<4, using: &random) == 0 { erased.insert(learner) }
        }
        events.sort { $0.at < $1.at }
        let generated = events
        let erasedPeople = erased

        try await withTestApp(clock: .fixed(vietnamMidnight.addingTimeInterval(10 * 86_400))) { client, url in
            try await TestDatabase.withDatabase(url: url) { database in
                try await database.withTransaction { connection in
                    for learner in learners {
                        try await connection.query(
                            "INSERT INTO learners (learner_id, display_name, locale, created_at, updated_at) VALUES (\(learner), 'x', 'vi', now(), now())",
                            logger: database.logger
                        )
                    }
                    for event in generated {
                        try await LearningStore.record(
                            event.activity,
                            learnerID: event.learner,
                            courseID: "c",
                            now: event.at,
                            channel: "web",
                            on: connection,
                            logger: database.logger
                        )
                    }
                    for learner in erasedPeople { try await ReachStore.retain(learnerID: learner, on: connection, logger: database.logger) }
                }
            }
            let statistician = try await register(client, "thong.ke@example.org")
            try await TestDatabase.withDatabase(url: url) { database in
                try await database.withConnection { connection in
                    _ = try await connection.query(
                        "UPDATE learners SET roles = '{statistician}' WHERE learner_id = \(UUID(uuidString: statistician.learnerId)!)",
                        logger: database.logger
                    )
                }
            }
            // Once counting every row, then rolled up as the hourly job goes: months, then whole
            // days after them (some before, some among the days read), then the next month, which
            // takes the place of its days.
            let rollUps: [(months: String, days: String)?] = [
                nil, ("2025-01-31", "2025-02-26"), ("2025-01-31", "2025-03-02"), ("2025-02-28", "2025-03-03"),
            ]
            for rollUp in rollUps {
                if let rollUp {
                    try await TestDatabase.withDatabase(url: url) { database in
                        try await database.withTransaction { connection in
                            try await ReachStore.rollUp(through: rollUp.months, daysThrough: rollUp.days, on: connection, logger: database.logger)
                        }
                    }
                }
                let rolledThrough = rollUp.map { "months through \($0.months), days through \($0.days)" }
                for dayOffset in -3...3 {
                    let day = VietnamCalendar.day(of: vietnamMidnight.addingTimeInterval(Double(dayOffset) * 86_400))
                    var firstDay: [ReachLevel: [UUID: String]] = [:]
                    for event in generated {
                        for level in event.activity.level.withLowerLevels where firstDay[level]?[event.learner] == nil {
                            firstDay[level, default: [:]][event.learner] = VietnamCalendar.day(of: event.at)
                        }
                    }
                    let response = try await client.execute(
                        uri: "/v1/stats/reach?asOf=\(day)",
                        method: .get,
                        headers: bearer(statistician.accessToken)
                    )
                    #expect(response.status == .ok)
                    let body = try object(response)
                    for (level, key) in [
                        (ReachLevel.reached, "reached"), (.learned, "learned"), (.completedCourse, "completedCourse"), (.certified, "certified"),
                    ] {
                        let expected = (firstDay[level] ?? [:]).values.filter { $0 <= day }.count
                        if ReachReport.isSmall(expected) {
                            #expect(body[key] == nil && body["suppressed"] as? Bool == true, "\(key) on \(day): \(expected) must be withheld")
                        } else {
                            #expect(body[key] as? Int == expected, "\(key) on \(day), rolled through \(rolledThrough ?? "nothing")")
                        }
                    }
                }
            }
        }
    }

    @Test func erasureKeepsEveryFigureAndRolesAreEnforced() async throws {
        try await withTestApp(clock: .fixed(Date(timeIntervalSince1970: 1_767_225_600))) { client, url in  // 2026-01-01
            let admin = try await registerAdmin(client, url: url)
            #expect(try await PackFixtures.upload(client, admin, try PackFixtures.zip(examplePack())).status == .created)
            var sessions: [Session] = []
            for index in 0..<10 {
                let session = try await register(client, "reach\(index)@example.org")
                #expect(
                    try await client.execute(uri: "/v1/courses/example-course/enrollment", method: .post, headers: bearer(session.accessToken)).status
                        == .created
                )
                sessions.append(session)
            }
            let learner = sessions[0]
            try expectProblem(
                try await client.execute(uri: "/v1/stats/reach", method: .get, headers: bearer(learner.accessToken)),
                status: .forbidden,
                type: "forbidden"
            )

            let before = try object(try await client.execute(uri: "/v1/stats/reach?year=2025", method: .get, headers: bearer(admin.accessToken)))
            let now = try object(try await client.execute(uri: "/v1/stats/reach", method: .get, headers: bearer(admin.accessToken)))
            #expect(now["reached"] as? Int == 10)
            #expect(now["year"] as? Int == 2026)
            // No figures of 2026's own yet: 2025's are carried forward, and the answer says so.
            #expect(abs((now["rate"] as? Double ?? 0) - 10 / 79_800_000.0) < 1e-15 && now["carriedForward"] as? Bool == true)
            #expect(now["internetUsersYear"] as? Int == 2025 && now["targetYear"] as? Int == 2025)
            #expect(before["carriedForward"] as? Bool == false && before["internetUsersYear"] as? Int == 2025)
            #expect(before["reached"] as? Int == 0)
            #expect(before["internetUsers"] as? Int == 79_800_000)
            #expect((before["internetUsersStatus"] as? String)?.hasPrefix("unverified") == true)
            #expect(before["target"] as? Double == 0.8)

            #expect(
                try await client.execute(
                    uri: "/v1/me",
                    method: .delete,
                    headers: bearer(learner.accessToken),
                    body: json(["password": "gió mùa thu về trên phố"])
                ).status == .noContent
            )
            let after = try object(try await client.execute(uri: "/v1/stats/reach", method: .get, headers: bearer(admin.accessToken)))
            #expect(after["reached"] as? Int == 10, "an erased person's reach stays, anonymously")
            #expect(try await query("SELECT count(*)::int FROM first_reach WHERE learner_id = '\(learner.learnerId)'", url: url) == 0)

            for tooEarly in [
                "/v1/stats/reach?year=2019", "/v1/stats/reach?year=-5", "/v1/stats/reach?asOf=0001-02-01", "/v1/stats/reach?asOf=2019-12-31",
            ] {
                try expectProblem(
                    try await client.execute(uri: tooEarly, method: .get, headers: bearer(admin.accessToken)),
                    status: .unprocessableContent,
                    type: "validation"
                )
            }
            let bad = try await client.execute(uri: "/v1/stats/reach?year=2030&asOf=2026-13-01", method: .get, headers: bearer(admin.accessToken))
            try expectProblem(bad, status: .unprocessableContent, type: "validation")
        }
    }
}
