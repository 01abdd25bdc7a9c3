import Domain
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Persistence
import PostgresNIO
import Services
import TestSupport
import Testing

@Suite struct ReachBreakdownTests {
    @Test func provincesBeforeTheMergerCountUnderTodaysUnitsAndSmallCellsAreWithheld() async throws {
        try await withTestApp(clock: .fixed(Date(timeIntervalSince1970: 1_767_225_600))) { client, url in  // 2026-01-01
            let people =
                Array(
                    repeating: (province: Optional("quang-nam-pre2025"), sex: Optional("female"), groups: ["older-person"], day: "2025-05-10"),
                    count: 12
                )
                + Array(repeating: (province: Optional("da-nang"), sex: Optional("male"), groups: [String](), day: "2025-09-01"), count: 15)
                + Array(
                    repeating: (province: Optional("ha-noi"), sex: Optional("female"), groups: ["person-with-disability"], day: "2025-09-02"),
                    count: 4
                )
                + Array(repeating: (province: Optional("hue"), sex: Optional("male"), groups: [String](), day: "2025-09-03"), count: 20)
            try await ReachFixtures.seed(url, people)
            let session = try await registerStatistician(client, url: url)
            let response = try await client.execute(
                uri: "/v1/stats/reach?asOf=2025-12-15&groupBy=province",
                method: .get,
                headers: bearer(session.accessToken)
            )
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
            #expect(
                byProvince["hue"]?["reached"] == nil,
                "the smallest other cell is withheld too, or Hà Nội's 4 could be computed from the national total"
            )
            for row in rows { if let shown = row["reached"] as? Int { #expect(!(1...9).contains(shown)) } }

            let september = try object(
                try await client.execute(uri: "/v1/stats/reach?asOf=2025-09-30", method: .get, headers: bearer(session.accessToken))
            )
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
            #expect(lines.first == "\u{FEFF}province,reached,learned,completedCourse,certified,asOf,internetUsers,internetUsersYear,rate")
            #expect(lines.contains("da-nang,27,0,0,0,2025-11-30,,,"), "no province figures loaded: no rate")
            #expect(lines.contains { $0.hasPrefix("ha-noi,<10,") }, "Hà Nội's 4 is withheld")
            let national = String(buffer: try await client.execute(uri: "/v1/stats/reach?asOf=2025-12-15", method: .get, headers: csvHeaders).body)
            #expect(national.hasPrefix("\u{FEFF}asOf,year,methodologyVersion,reached,"))
            #expect(national.contains("\r\n2025-12-15,2025,1,51,"))

            let twoWay = try object(
                try await client.execute(uri: "/v1/stats/reach?year=2025&groupBy=sex,group", method: .get, headers: bearer(session.accessToken))
            )
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
                (
                    province: provinces.randomElement(using: &random)!, sex: ["female", "male", nil].randomElement(using: &random)!,
                    groups: [[], ["older-person"], ["older-person", "person-with-disability"]].randomElement(using: &random)!,
                    day: String(format: "2025-%02d-%02d", Int.random(in: 1...11, using: &random), Int.random(in: 1...28, using: &random))
                )
            }
            try await ReachFixtures.seed(url, people)
            let pairs = ReachDimension.allCases.flatMap { a in ReachDimension.allCases.filter { $0 != a }.map { [a, $0] } }
            let cuts = ReachDimension.allCases.map { [$0] } + pairs
            let days = ["2025-03-31", "2025-06-30", "2025-08-31", "2025-11-30"].compactMap { VietnamDay($0) }
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
                    try await ReachStore.rollUp(through: "2025-06-30", daysThrough: "2025-09-14", on: connection, logger: database.logger)
                }
            }
            #expect(try await query("SELECT count(*)::int FROM reach_rollup_days", url: url) > 0)
            #expect(try await everything() == counted, "months through June, days through 14 September, live after")
            let lateDay = try await query(
                "SELECT learner_id FROM first_reach WHERE vn_day BETWEEN '2025-07-01' AND '2025-09-14' LIMIT 1",
                url: url,
                as: UUID.self
            )
            try await erase([erased, lateDay], url: url)
            #expect(try await everything() == counted, "after erasures from rolled months and rolled days")
            try await TestDatabase.withDatabase(url: url) { database in
                try await database.withTransaction { connection in
                    try await ReachStore.rollUp(through: "2025-10-31", daysThrough: "2025-11-20", on: connection, logger: database.logger)
                }
            }
            #expect(
                try await query("SELECT count(*)::int FROM reach_rollup_days WHERE day <= '2025-10-31' AND cut <> 'sex'", url: url) == 0,
                "a rolled month's days are dropped, but for the national counts' cut"
            )
            #expect(try await everything() == counted, "after a second roll-up of months and days")
            try await TestDatabase.withDatabase(url: url) { database in
                try await database.withTransaction { connection in
                    try await ReachStore.rollUp(
                        through: "2025-11-30",
                        daysThrough: "2025-12-05",
                        rebuild: true,
                        on: connection,
                        logger: database.logger
                    )
                }
            }
            #expect(try await everything() == counted, "rebuilt from scratch")
        }
    }

    /// Hour cells (the rows after the rolled days reached before a moment) change no figure: for
    /// a read of their day or later, of an earlier day, after erasures on either side of the
    /// moment, and after a node on the previous binary rolled a day without rewriting them.
    @Test func hourCellsChangeNoFigure() async throws {
        try await withTestApp { _, url in
            var random = SeededRandom(seed: 11)
            let people = (0..<240).map { _ in
                (
                    province: ["quang-nam-pre2025", "da-nang", "hue", nil].randomElement(using: &random)!,
                    sex: ["female", "male", nil].randomElement(using: &random)!,
                    groups: [[], ["older-person"]].randomElement(using: &random)!,
                    day: "2025-09-0\(Int.random(in: 1...5, using: &random))"
                )
            }
            try await ReachFixtures.seed(url, people)
            // Spread over each day's hours, as people come, keeping each row's Vietnam day.
            try await execute(
                """
                UPDATE first_reach SET reached_at = (vn_day + (get_byte(uuid_send(learner_id), 0) % 24) * interval '1 hour'
                                                     + interval '17 minutes') AT TIME ZONE 'Asia/Ho_Chi_Minh'
                """,
                url: url
            )
            let days = (1...6).compactMap { VietnamDay("2025-09-0\($0)") }
            let monthEnd = try #require(VietnamDay("2025-09-30"))
            let cuts = ReachDimension.allCases.map { [$0] } + [[.province, .sex], [.group, .channel]]
            func everything() async throws -> [String: Int] {
                try await TestDatabase.withDatabase(url: url) { database in
                    try await database.withConnection { connection in
                        var all: [String: Int] = [:]
                        for cut in cuts {
                            for cell in try await ReachStore.breakdown(cut, upTo: monthEnd, on: connection, logger: database.logger) {
                                all["\(cut) \(cell.level) \(cell.values)"] = cell.people
                            }
                        }
                        for day in days {
                            let counts = try await ReachStore.counts(upTo: day, on: connection, logger: database.logger)
                            for (level, people) in counts { all["\(day) \(level)"] = people }
                        }
                        return all
                    }
                }
            }
            func rollUp(daysThrough lastDay: String, rowsBefore: Date?) async throws {
                try await TestDatabase.withDatabase(url: url) { database in
                    try await database.withTransaction { connection in
                        try await ReachStore.rollUp(
                            through: "2025-08-31",
                            daysThrough: lastDay,
                            rowsBefore: rowsBefore,
                            on: connection,
                            logger: database.logger
                        )
                    }
                }
            }
            let counted = try await everything()
            #expect(counted["2025-09-06 reached"] == 240)
            // 2025-09-04 13:00 in Vietnam: the rows of the 3rd, and of the 4th until then.
            let moment = Date(timeIntervalSince1970: 1_756_965_600)
            try await rollUp(daysThrough: "2025-09-02", rowsBefore: moment)
            let inHours = try await query(
                "SELECT count(*)::int FROM first_reach WHERE level = 'reached' AND vn_day > '2025-09-02' AND reached_at < '2025-09-04T06:00:00Z'",
                url: url
            )
            #expect(inHours > 0)
            #expect(
                try await query("SELECT sum(people)::int FROM reach_rollup_hours WHERE cut = 'sex' AND level = 'reached'", url: url) == inHours
            )
            #expect(try await everything() == counted, "months, days through the 2nd, hours until 13:00 on the 4th, rows after")

            let before = try await query(
                "SELECT learner_id FROM first_reach WHERE vn_day = '2025-09-04' AND reached_at < '2025-09-04T06:00:00Z' LIMIT 1",
                url: url,
                as: UUID.self
            )
            let after = try await query(
                "SELECT learner_id FROM first_reach WHERE reached_at >= '2025-09-04T06:00:00Z' LIMIT 1",
                url: url,
                as: UUID.self
            )
            try await erase([before, after], url: url)
            #expect(try await query("SELECT count(*)::int FROM reach_retained WHERE reached_hour IS NOT NULL", url: url) >= 2)
            #expect(try await everything() == counted, "after erasing someone rolled into the hour cells and someone after them")

            // What a node on the previous binary leaves: the 3rd rolled as a day, the hour cells
            // (which hold it) as they were.
            try await execute("CREATE TABLE kept AS SELECT * FROM reach_rollup_hours", url: url)
            try await rollUp(daysThrough: "2025-09-03", rowsBefore: nil)
            #expect(try await query("SELECT count(*)::int FROM reach_rollup_hours", url: url) == 0, "a roll-up without a moment drops them")
            try await execute("INSERT INTO reach_rollup_hours SELECT * FROM kept", url: url)
            try await execute("UPDATE reach_rollup_state SET hours_after = '2025-09-02', hours_before = '2025-09-04T06:00:00Z'", url: url)
            #expect(try await everything() == counted, "stale hour cells are not read")

            try await rollUp(daysThrough: "2025-09-04", rowsBefore: moment.addingTimeInterval(86_400))
            #expect(try await everything() == counted, "the next day's run")
        }
    }

    /// The hourly roll-up goes to the last whole month and day by the clock, and a rebuild as of a
    /// past day stops where it would have then; the figures stay those of the rows.
    @Test func theHourlyRollUpRollsWholeMonthsAndDaysByTheClock() async throws {
        try await withTestApp { _, url in
            try await ReachFixtures.seed(url, ReachFixtures.people)
            try await TestDatabase.withDatabase(url: url) { database in
                // 2025-09-04 00:30 in Vietnam: 3 September is not whole for another half hour.
                let context = ServiceContext(database: database, clock: .fixed(Date(timeIntervalSince1970: 1_756_920_600)))
                let maintenance = Maintenance(context: context, migrations: MigrationRunner(migrations: try Migration.bundled()))
                let monthEnd = try #require(VietnamDay("2025-09-30"))
                let counted = try await database.withConnection { connection in
                    try await ReachStore.breakdown([.province], upTo: monthEnd, on: connection, logger: database.logger)
                }
                let horizon = try await maintenance.rollUp(rebuild: false)
                #expect(horizon.monthEnd.text == "2025-08-31" && horizon.lastDay.text == "2025-09-02")
                #expect(
                    try await query("SELECT sum(people)::int FROM reach_rollup_hours WHERE cut = 'sex' AND level = 'reached'", url: url) == 20,
                    "the 3rd's 20 people, reached at 09:00, are in the hour cells by 00:30 the next day"
                )
                #expect(try await query("SELECT count(*)::int FROM reach_rollup_days WHERE day = '2025-09-02'", url: url) > 0)
                #expect(try await query("SELECT count(*)::int FROM reach_rollup_days WHERE day > '2025-09-02'", url: url) == 0)
                let replayed = try await maintenance.rollUp(rebuild: true, on: VietnamDay("2025-09-01"))
                #expect(replayed.monthEnd.text == "2025-07-31" && replayed.lastDay.text == "2025-08-31")
                #expect(
                    try await query(
                        "SELECT (rolled_through::text || ' ' || days_rolled_through::text) FROM reach_rollup_state",
                        url: url,
                        as: String.self
                    )
                        == "2025-07-31 2025-08-31"
                )
                try await database.withConnection { connection in
                    let read = try await ReachStore.breakdown([.province], upTo: monthEnd, on: connection, logger: database.logger)
                    #expect(read.map { "\($0)" }.sorted() == counted.map { "\($0)" }.sorted())
                    #expect(
                        try await ReachStore.counts(upTo: try #require(VietnamDay("2025-09-02")), on: connection, logger: database.logger)[.reached]
                            == 31
                    )
                }
            }
        }
    }

    @Test(arguments: ["nation", "province,sex,channel", "sex,sex", ","])
    func badGroupingsAre422(groupBy: String) async throws {
        try await withTestApp { client, url in
            let session = try await registerStatistician(client, url: url)
            let response = try await client.execute(uri: "/v1/stats/reach?groupBy=\(groupBy)", method: .get, headers: bearer(session.accessToken))
            let problem = try expectProblem(response, status: .unprocessableContent, type: "validation")
            #expect(problem.errors?.first?.pointer == "/query/groupBy")
        }
    }
}

/// Moves these learners' first reach into the retained aggregate, as erasure does.
private func erase(_ learners: [UUID], url: String) async throws {
    try await TestDatabase.withDatabase(url: url) { database in
        try await database.withTransaction { connection in
            for learner in learners { try await ReachStore.retain(learnerID: learner, on: connection, logger: database.logger) }
        }
    }
}

/// Runs one SQL statement on the test database.
private func execute(_ sql: String, url: String) async throws {
    try await TestDatabase.withDatabase(url: url) { database in
        try await database.withConnection { connection in
            _ = try await connection.query(PostgresQuery(unsafeSQL: sql), logger: database.logger).collect()
        }
    }
}
