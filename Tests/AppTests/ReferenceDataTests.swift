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

@testable import App

@Suite struct ReferenceDataTests {
    func put(
        _ client: some TestClientProtocol,
        _ session: Session,
        _ table: String,
        _ text: String,
        contentType: String = "text/csv"
    ) async throws -> TestResponse {
        var headers = bearer(session.accessToken)
        headers[.contentType] = contentType
        return try await client.execute(uri: "/v1/admin/reference/\(table)", method: .put, headers: headers, body: ByteBuffer(string: text))
    }

    func get(_ client: some TestClientProtocol, _ session: Session, _ table: String) async throws -> String {
        var headers = bearer(session.accessToken)
        headers[.accept] = "text/csv"
        let response = try await client.execute(uri: "/v1/admin/reference/\(table)", method: .get, headers: headers)
        #expect(response.status == .ok && response.headers[.contentType]?.hasPrefix("text/csv") == true)
        return String(buffer: response.body)
    }

    @Test func everyBadLineIsReportedAndNothingChanges() async throws {
        try await withTestApp(clock: .fixed(Date(timeIntervalSince1970: 1_767_225_600))) { client, url in  // 2026-01-01
            let admin = try await registerAdmin(client, url: url)
            let before = try await get(client, admin, "internet-users")
            #expect(before.hasPrefix("\u{FEFF}year,scope,internet_users,share_of_population,as_of,source,status\r\n"))
            #expect(
                before.contains(
                    "\r\n2025,national,79800000,0.788,2025-01,\"DataReportal / Kepios, Digital 2025 Vietnam\",unverified - check before publishing\r\n"
                )
            )

            let bad = """
                year,scope,internet_users,share_of_population,as_of,source,status
                2024,national,78440000,0.791,2024-01,DataReportal,published
                20x5,national,79800000,0.788,2025-01,DataReportal,published
                2026,national,-5,0.8,2026-01,DataReportal,published
                2026,national,81000000,1.5,2026-01,,published
                """
            let response = try await put(client, admin, "internet-users", bad)
            let problem = try expectProblem(response, status: .unprocessableContent, type: "validation")
            let pointers = (problem.errors ?? []).map(\.pointer)
            #expect(pointers.contains("/lines/3/year"))
            #expect(pointers.contains("/lines/4/internet_users"))
            #expect(pointers.contains("/lines/5/share_of_population") && pointers.contains("/lines/5/source"))
            #expect(try await get(client, admin, "internet-users") == before, "nothing changed")

            let unknownScope = "year,scope,internet_users,share_of_population,as_of,source,status\n2026,atlantis,1000,,2026-01,Survey,published\n"
            let refused = try expectProblem(
                try await put(client, admin, "internet-users", unknownScope),
                status: .unprocessableContent,
                type: "validation"
            )
            #expect(refused.errors?.first?.pointer == "/lines/1" && refused.errors?.first?.message.contains("atlantis") == true)

            let provinces = try await get(client, admin, "provinces")
            let withoutHue = provinces.components(separatedBy: "\r\n").filter { !$0.hasPrefix("hue,") }.joined(separator: "\r\n")
            let kept = try expectProblem(try await put(client, admin, "provinces", withoutHue), status: .unprocessableContent, type: "validation")
            #expect(kept.errors?.first?.message.contains("hue") == true, "a province in use is never deleted")
            #expect(try await get(client, admin, "provinces") == provinces)
            #expect(try await put(client, admin, "provinces", provinces).status == .ok, "what GET gives, PUT takes back")

            try expectProblem(
                try await put(client, admin, "targets", "{}", contentType: "application/json"),
                status: .unsupportedMediaType,
                type: "unsupported-media-type"
            )
            let learner = try await register(client, "khong.phai.admin@example.org")
            try expectProblem(
                try await client.execute(uri: "/v1/admin/reference/targets", method: .get, headers: bearer(learner.accessToken)),
                status: .forbidden,
                type: "forbidden"
            )
            try expectProblem(
                try await put(client, learner, "targets", "year,target_rate,note,source\n2026,0.9,,x\n"),
                status: .forbidden,
                type: "forbidden"
            )
            try expectProblem(try await client.execute(uri: "/v1/admin/reference/targets", method: .get), status: .unauthorized, type: "unauthorized")
        }
    }

    @Test func newFiguresAndANewCrosswalkChangeTheFiguresAtOnce() async throws {
        try await withTestApp(clock: .fixed(Date(timeIntervalSince1970: 1_767_225_600))) { client, url in
            try await ReachFixtures.seed(
                url,
                Array(repeating: (province: "quang-nam-pre2025", sex: "female", groups: [], day: "2025-05-10"), count: 12)
                    + Array(repeating: (province: "hue", sex: "male", groups: [], day: "2026-01-01"), count: 10)
            )
            let admin = try await registerAdmin(client, url: url)
            let figures = { (query: String) in
                try object(try await client.execute(uri: "/v1/stats/reach?\(query)", method: .get, headers: bearer(admin.accessToken)))
            }
            let before = try await figures("year=2026")
            #expect(before["internetUsersYear"] as? Int == 2025 && before["carriedForward"] as? Bool == true, "no 2026 figure yet: 2025's, flagged")

            var users = try await get(client, admin, "internet-users")
            users += "2026,national,81000000,,2026-01,Survey 2026,published\r\n2025,da-nang,1000000,,2025-01,Provincial survey,published\r\n"
            let replaced = try object(try await put(client, admin, "internet-users", users))
            #expect(replaced["rows"] as? Int == 6 && replaced["table"] as? String == "internet-users")
            let provinceRows =
                (try await figures("asOf=2025-12-31&groupBy=province")["breakdown"] as? [String: Any])?["rows"] as? [[String: Any]] ?? []
            let daNangRow = try #require(provinceRows.first { ($0["values"] as? [String])?.first == "da-nang" })
            #expect(
                daNangRow["internetUsers"] as? Int == 1_000_000 && daNangRow["rate"] as? Double == 12.0 / 1_000_000,
                "a province's own figure gives its rate"
            )
            #expect(provinceRows.first { ($0["values"] as? [String])?.first == "hue" }?["rate"] == nil, "no figure for Huế, no rate")
            let targets = try await get(client, admin, "targets") + "2026,0.85,,Plan 2026\r\n"
            #expect(try await put(client, admin, "targets", targets).status == .ok)
            let now = try await figures("year=2026")
            #expect(now["internetUsers"] as? Int == 81_000_000 && now["target"] as? Double == 0.85)
            #expect(now["carriedForward"] as? Bool == false && now["internetUsersYear"] as? Int == 2026, "the year's own figures, once loaded")
            #expect(now["rate"] as? Double == 22.0 / 81_000_000)

            // Rolled months follow a new crosswalk: the roll-ups are rebuilt in the same transaction.
            try await TestDatabase.withDatabase(url: url) { database in
                try await database.withTransaction { try await ReachStore.rollUp(through: "2025-11-30", on: $0, logger: database.logger) }
            }
            let province = { (code: String) in
                let rows = (try await figures("asOf=2025-06-30&groupBy=province")["breakdown"] as? [String: Any])?["rows"] as? [[String: Any]] ?? []
                return rows.first { ($0["values"] as? [String])?.first == code }?["reached"] as? Int
            }
            #expect(try await province("da-nang") == 12)
            let crosswalk = try await get(client, admin, "province-crosswalk")
            #expect(crosswalk.contains("\r\nquang-nam-pre2025,da-nang\r\n"))
            #expect(
                try await put(
                    client,
                    admin,
                    "province-crosswalk",
                    crosswalk.replacingOccurrences(of: "quang-nam-pre2025,da-nang", with: "quang-nam-pre2025,hue")
                ).status == .ok
            )
            let (hue, daNang) = (try await province("hue"), try await province("da-nang"))
            #expect(hue == 12 && daNang == nil)
            let unknown = try expectProblem(
                try await put(client, admin, "province-crosswalk", "from_code,to_code\nnowhere,hue\n"),
                status: .unprocessableContent,
                type: "validation"
            )
            #expect(unknown.errors?.first?.pointer == "/lines/2/from_code")
        }
    }

    /// Rows lost (by a bug or a restore) come back from the activity log, dated by the earliest
    /// activity that earns each level; erased people are not counted twice.
    @Test func aBackfillRestoresLostFirstReachRowsFromTheActivity() async throws {
        try await withTestApp(clock: .fixed(Date(timeIntervalSince1970: 1_767_225_600))) { client, url in
            let admin = try await registerAdmin(client, url: url)
            let learners = (0..<14).map { _ in UUID() }
            try await TestDatabase.withDatabase(url: url) { database in
                try await database.withTransaction { connection in
                    for (index, learner) in learners.enumerated() {
                        try await connection.query(
                            "INSERT INTO learners (learner_id, display_name, locale, province_code, birth_year, created_at, updated_at) VALUES (\(learner), 'x', 'vi', 'hue', 1990, now(), now())",
                            logger: database.logger
                        )
                        let day = Date(timeIntervalSince1970: 1_756_000_000 + Double(index) * 86_400)  // from 2025-08-24
                        try await LearningStore.record(
                            .enrolled,
                            learnerID: learner,
                            courseID: "c",
                            now: day,
                            channel: "web",
                            on: connection,
                            logger: database.logger
                        )
                        try await LearningStore.record(
                            .completedLesson,
                            learnerID: learner,
                            courseID: "c",
                            now: day.addingTimeInterval(86_400),
                            channel: "app",
                            on: connection,
                            logger: database.logger
                        )
                    }
                    try await ReachStore.retain(learnerID: learners[0], on: connection, logger: database.logger)
                    try await connection.query("UPDATE learners SET erased_at = now() WHERE learner_id = \(learners[0])", logger: database.logger)
                    try await ReachStore.rollUp(through: "2025-11-30", on: connection, logger: database.logger)
                }
            }
            let series = {
                try String(
                    data: JSONSerialization.data(
                        withJSONObject: try object(
                            try await client.execute(
                                uri: "/v1/stats/reach/timeseries?from=2025-08-20&to=2025-09-30&groupBy=ageBand,channel",
                                method: .get,
                                headers: bearer(admin.accessToken)
                            )
                        ),
                        options: .sortedKeys
                    ),
                    encoding: .utf8
                )!
            }
            let complete = try await series()
            try await TestDatabase.withDatabase(url: url) { database in
                let context = ServiceContext(database: database, clock: .fixed(Date(timeIntervalSince1970: 1_767_225_600)))
                let written = try await Maintenance(context: context, migrations: MigrationRunner(migrations: try Migration.bundled())).backfill()
                #expect(written.isEmpty, "nothing missing, nothing written")
                try await database.withConnection { connection in
                    try await connection.query("DELETE FROM first_reach WHERE learner_id = ANY(\(Array(learners[1...5])))", logger: database.logger)
                }
            }
            #expect(try await series() != complete)
            try await TestDatabase.withDatabase(url: url) { database in
                let context = ServiceContext(database: database, clock: .fixed(Date(timeIntervalSince1970: 1_767_225_600)))
                let written = try await Maintenance(context: context, migrations: MigrationRunner(migrations: try Migration.bundled())).backfill()
                #expect(written == [.reached: 5, .learned: 5])
            }
            #expect(try await series() == complete, "every point and month-end cell is back, erased person included once")
        }
    }
}
