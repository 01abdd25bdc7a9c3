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
        struct Event: Sendable { var learner: UUID; var activity: Activity; var at: Date }
        var events: [Event] = []
        var erased: Set<UUID> = []
        let learners = (0..<60).map { _ in UUID() }
        for learner in learners {
            for _ in 0..<Int.random(in: 1...4, using: &random) {
                let offset = Double(Int.random(in: -3 * 86_400...3 * 86_400, using: &random))
                let nearMidnight = Bool.random(using: &random) ? Double(Int.random(in: -2...2, using: &random)) : offset
                events.append(Event(learner: learner, activity: Activity.allCases.randomElement(using: &random)!, at: vietnamMidnight.addingTimeInterval(nearMidnight)))
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
                        try await LearningStore.record(event.activity, learnerID: event.learner, courseID: "c", now: event.at, channel: "web", on: connection, logger: database.logger)
                    }
                    for learner in erasedPeople { try await ReachStore.retain(learnerID: learner, on: connection, logger: database.logger) }
                }
            }
            let statistician = try await register(client, "thong.ke@example.org")
            try await TestDatabase.withDatabase(url: url) { database in
                try await database.withConnection { connection in
                    _ = try await connection.query("UPDATE learners SET roles = '{statistician}' WHERE learner_id = \(UUID(uuidString: statistician.learnerId)!)", logger: database.logger)
                }
            }
            // Once counting every row, then with February rolled up and the days after it counted live.
            for rolledThrough in [nil, "2025-02-28"] as [String?] {
                if let rolledThrough {
                    try await TestDatabase.withDatabase(url: url) { database in
                        try await database.withTransaction { connection in
                            try await ReachStore.rollUp(through: rolledThrough, on: connection, logger: database.logger)
                        }
                    }
                }
                for dayOffset in -3...3 {
                    let day = VietnamCalendar.day(of: vietnamMidnight.addingTimeInterval(Double(dayOffset) * 86_400))
                    var firstDay: [ReachLevel: [UUID: String]] = [:]
                    for event in generated {
                        for level in event.activity.level.withLowerLevels where firstDay[level]?[event.learner] == nil {
                            firstDay[level, default: [:]][event.learner] = VietnamCalendar.day(of: event.at)
                        }
                    }
                    let response = try await client.execute(uri: "/v1/stats/reach?asOf=\(day)", method: .get, headers: bearer(statistician.accessToken))
                    #expect(response.status == .ok)
                    let body = try object(response)
                    for (level, key) in [(ReachLevel.reached, "reached"), (.learned, "learned"), (.completedCourse, "completedCourse"), (.certified, "certified")] {
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
            let admin = try await CatalogTests.admin(client, url: url)
            #expect(try await CatalogTests.upload(client, admin, try CatalogTests.zip(examplePack())).status == .created)
            var sessions: [Session] = []
            for index in 0..<10 {
                let session = try await register(client, "reach\(index)@example.org")
                #expect(try await client.execute(uri: "/v1/courses/example-course/enrollment", method: .post, headers: bearer(session.accessToken)).status == .created)
                sessions.append(session)
            }
            let learner = sessions[0]
            try expectProblem(try await client.execute(uri: "/v1/stats/reach", method: .get, headers: bearer(learner.accessToken)), status: .forbidden, type: "forbidden")

            let before = try object(try await client.execute(uri: "/v1/stats/reach?year=2025", method: .get, headers: bearer(admin.accessToken)))
            let now = try object(try await client.execute(uri: "/v1/stats/reach", method: .get, headers: bearer(admin.accessToken)))
            #expect(now["reached"] as? Int == 10)
            #expect(now["year"] as? Int == 2026)
            #expect(now["rate"] == nil, "no internet-users figure for 2026 yet, so no rate")
            #expect(before["reached"] as? Int == 0)
            #expect(before["internetUsers"] as? Int == 79_800_000)
            #expect((before["internetUsersStatus"] as? String)?.hasPrefix("unverified") == true)
            #expect(before["target"] as? Double == 0.8)

            #expect(try await client.execute(uri: "/v1/me", method: .delete, headers: bearer(learner.accessToken), body: json(["password": "gió mùa thu về trên phố"])).status == .noContent)
            let after = try object(try await client.execute(uri: "/v1/stats/reach", method: .get, headers: bearer(admin.accessToken)))
            #expect(after["reached"] as? Int == 10, "an erased person's reach stays, anonymously")
            #expect(try await query("SELECT count(*)::int FROM first_reach WHERE learner_id = '\(learner.learnerId)'", url: url) == 0)

            for tooEarly in ["/v1/stats/reach?year=2019", "/v1/stats/reach?year=-5", "/v1/stats/reach?asOf=0001-02-01", "/v1/stats/reach?asOf=2019-12-31"] {
                try expectProblem(try await client.execute(uri: tooEarly, method: .get, headers: bearer(admin.accessToken)), status: .unprocessableContent, type: "validation")
            }
            let bad = try await client.execute(uri: "/v1/stats/reach?year=2030&asOf=2026-13-01", method: .get, headers: bearer(admin.accessToken))
            try expectProblem(bad, status: .unprocessableContent, type: "validation")
        }
    }
}

@Suite struct ReachBreakdownTests {
    /// Learners with a province, sex and groups, reached on `day` (09:00 in Vietnam).
    func seed(_ url: String, _ people: [(province: String?, sex: String?, groups: [String], day: String)]) async throws {
        try await TestDatabase.withDatabase(url: url) { database in
            try await database.withTransaction { connection in
                for person in people {
                    let id = UUID()
                    try await connection.query(
                        """
                        INSERT INTO learners (learner_id, display_name, locale, province_code, sex, groups, birth_year, created_at, updated_at)
                        VALUES (\(id), 'x', 'vi', \(person.province), \(person.sex), \(person.groups), 1960, now(), now())
                        """,
                        logger: database.logger
                    )
                    let at = ISO8601DateFormatter().date(from: person.day + "T02:00:00Z")!
                    try await LearningStore.record(.enrolled, learnerID: id, courseID: "c", now: at, channel: "web", on: connection, logger: database.logger)
                }
            }
        }
    }

    func statistician(_ client: some TestClientProtocol, url: String) async throws -> Session {
        let session = try await register(client, "so.lieu.\(UUID().uuidString.prefix(6))@example.org")
        try await TestDatabase.withDatabase(url: url) { database in
            try await database.withConnection { connection in
                _ = try await connection.query("UPDATE learners SET roles = '{statistician}' WHERE learner_id = \(UUID(uuidString: session.learnerId)!)", logger: database.logger)
            }
        }
        return session
    }

    @Test func provincesBeforeTheMergerCountUnderTodaysUnitsAndSmallCellsAreWithheld() async throws {
        try await withTestApp(clock: .fixed(Date(timeIntervalSince1970: 1_767_225_600))) { client, url in  // 2026-01-01
            let people = Array(repeating: (province: Optional("quang-nam-pre2025"), sex: Optional("female"), groups: ["older-person"], day: "2025-05-10"), count: 12)
                + Array(repeating: (province: Optional("da-nang"), sex: Optional("male"), groups: [String](), day: "2025-09-01"), count: 15)
                + Array(repeating: (province: Optional("ha-noi"), sex: Optional("female"), groups: ["person-with-disability"], day: "2025-09-02"), count: 4)
                + Array(repeating: (province: Optional("hue"), sex: Optional("male"), groups: [String](), day: "2025-09-03"), count: 20)
            try await seed(url, people)
            let session = try await statistician(client, url: url)
            let response = try await client.execute(uri: "/v1/stats/reach?asOf=2025-12-15&groupBy=province", method: .get, headers: bearer(session.accessToken))
            #expect(response.status == .ok)
            let body = try object(response)
            #expect(body["reached"] as? Int == 51, "national totals are daily")
            let breakdown = try #require(body["breakdown"] as? [String: Any])
            #expect(breakdown["asOf"] as? String == "2025-11-30")
            let rows = try #require(breakdown["rows"] as? [[String: Any]])
            let byProvince = Dictionary(uniqueKeysWithValues: rows.map { (($0["values"] as? [String])?.first ?? "", $0) })
            #expect(byProvince["da-nang"]?["reached"] as? Int == 27, "Quảng Nam's learners count under Đà Nẵng")
            #expect(byProvince["quang-nam-pre2025"] == nil)
            #expect(byProvince["ha-noi"]?["reached"] == nil && byProvince["ha-noi"]?["suppressed"] as? Bool == true, "4 is withheld")
            #expect(byProvince["hue"]?["reached"] == nil, "the smallest other cell is withheld too, or Hà Nội's 4 could be computed from the national total")
            for row in rows { if let shown = row["reached"] as? Int { #expect(!(1...9).contains(shown)) } }

            let september = try object(try await client.execute(uri: "/v1/stats/reach?asOf=2025-09-30", method: .get, headers: bearer(session.accessToken)))
            let projection = try #require(september["projection"] as? [String: Any])
            #expect(abs((projection["pacePerDay"] as? Double ?? 0) - 39.0 / 90) < 1e-9, "51 reached by the day, 12 by 90 days earlier")
            #expect(projection["met"] as? Bool == false && projection["onTrack"] as? Bool == false)
            #expect(projection["expectedOn"] == nil, "at 0.43 a day, 64 million people are more than a century away")

            var csvHeaders = bearer(session.accessToken)
            csvHeaders[.accept] = "text/csv"
            let csv = try await client.execute(uri: "/v1/stats/reach?asOf=2025-12-15&groupBy=province", method: .get, headers: csvHeaders)
            #expect(csv.status == .ok)
            #expect(csv.headers[.contentType]?.hasPrefix("text/csv") == true)
            let lines = String(buffer: csv.body).components(separatedBy: "\r\n")
            #expect(lines.first == "\u{FEFF}province,reached,learned,completedCourse,certified,asOf,internetUsers,rate")
            #expect(lines.contains("da-nang,27,0,0,0,2025-11-30,,"), "no province figures loaded: no rate")
            #expect(lines.contains { $0.hasPrefix("ha-noi,<10,") }, "Hà Nội's 4 is withheld")
            let national = String(buffer: try await client.execute(uri: "/v1/stats/reach?asOf=2025-12-15", method: .get, headers: csvHeaders).body)
            #expect(national.hasPrefix("\u{FEFF}asOf,year,methodologyVersion,reached,"))
            #expect(national.contains("\r\n2025-12-15,2025,1,51,"))

            let twoWay = try object(try await client.execute(uri: "/v1/stats/reach?year=2025&groupBy=sex,group", method: .get, headers: bearer(session.accessToken)))
            let cells = try #require((twoWay["breakdown"] as? [String: Any])?["rows"] as? [[String: Any]])
            for cell in cells { if let shown = cell["reached"] as? Int { #expect(!(1...9).contains(shown), "\(cell)") } }
            #expect(cells.contains { ($0["values"] as? [String]) == ["female", "person-with-disability"] && $0["reached"] == nil })
        }
    }

    /// Breakdowns read from monthly roll-ups plus the rows after them equal a count of every row,
    /// for every cut in either order, before and after people are erased.
    @Test func rollUpsChangeNoFigure() async throws {
        try await withTestApp { _, url in
            var random = SeededRandom(seed: 7)
            let provinces = ["quang-nam-pre2025", "da-nang", "ha-noi", "hue", nil]
            let people = (0..<300).map { _ in
                (province: provinces.randomElement(using: &random)!, sex: ["female", "male", nil].randomElement(using: &random)!,
                 groups: [[], ["older-person"], ["older-person", "person-with-disability"]].randomElement(using: &random)!,
                 day: String(format: "2025-%02d-%02d", Int.random(in: 1...11, using: &random), Int.random(in: 1...28, using: &random)))
            }
            try await seed(url, people)
            let pairs = ReachDimension.allCases.flatMap { a in ReachDimension.allCases.filter { $0 != a }.map { [a, $0] } }
            let cuts = ReachDimension.allCases.map { [$0] } + pairs
            let days = ["2025-03-31", "2025-06-30", "2025-11-30"]
            func everything() async throws -> [String: Int] {
                try await TestDatabase.withDatabase(url: url) { database in
                    try await database.withConnection { connection in
                        var all: [String: Int] = [:]
                        for cut in cuts {
                            for day in days {
                                for cell in try await ReachStore.breakdown(cut, upTo: day, on: connection, logger: database.logger) {
                                    all["\(cut) \(day) \(cell.level) \(cell.values)"] = cell.people
                                }
                            }
                        }
                        return all
                    }
                }
            }
            let counted = try await everything()
            #expect(counted.values.reduce(0, +) > 0)
            try await TestDatabase.withDatabase(url: url) { database in
                try await database.withTransaction { connection in
                    try await ReachStore.rollUp(through: "2025-06-30", on: connection, logger: database.logger)
                    try await ReachStore.rollUp(through: "2025-06-30", on: connection, logger: database.logger)
                }
            }
            #expect(try await query("SELECT count(*)::int FROM reach_rollup_cells", url: url) > 0)
            #expect(try await everything() == counted, "rolled through June, live after")
            let erased = try await query("SELECT learner_id FROM first_reach WHERE vn_day <= '2025-06-30' LIMIT 1", url: url, as: UUID.self)
            try await TestDatabase.withDatabase(url: url) { database in
                try await database.withTransaction { connection in
                    try await ReachStore.retain(learnerID: erased, on: connection, logger: database.logger)
                    try await ReachStore.rollUp(through: "2025-10-31", on: connection, logger: database.logger)
                }
            }
            #expect(try await everything() == counted, "after an erasure and a second roll-up")
            try await TestDatabase.withDatabase(url: url) { database in
                try await database.withTransaction { connection in
                    try await ReachStore.rollUp(through: "2025-11-30", rebuild: true, on: connection, logger: database.logger)
                }
            }
            #expect(try await everything() == counted, "rebuilt from scratch")
        }
    }

    @Test(arguments: ["nation", "province,sex,channel", "sex,sex", ","])
    func badGroupingsAre422(groupBy: String) async throws {
        try await withTestApp { client, url in
            let session = try await statistician(client, url: url)
            let response = try await client.execute(uri: "/v1/stats/reach?groupBy=\(groupBy)", method: .get, headers: bearer(session.accessToken))
            let problem = try expectProblem(response, status: .unprocessableContent, type: "validation")
            #expect(problem.errors?.first?.pointer == "/query/groupBy")
        }
    }
}
