import Domain
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Persistence
import PostgresNIO
import TestSupport
import Testing

/// Yearly reports of organisations and provinces (issue 19, item 7): formats, periods, access,
/// issuing. The figures themselves are checked against a recount in `ReportRecountTests`.
@Suite struct ReportTests {
    func get(_ client: some TestClientProtocol, _ path: String, _ session: Session?, accept: String? = nil) async throws -> TestResponse {
        var headers = session.map { bearer($0.accessToken) } ?? jsonHeaders
        if let accept { headers[.accept] = accept }
        return try await client.execute(uri: path, method: .get, headers: headers)
    }

    /// The tree with a class in the Hà Nội school, its admin, and managers of the school, the
    /// Hà Nội department and the Huế department.
    func setUp(_ client: some TestClientProtocol, url: String) async throws -> (admin: Session, school: Session, province: Session, hue: Session) {
        try await importPack(client, url: url, examplePack())
        let admin = try await registerAdmin(client, url: url)
        try await OrganisationFixtures.createTree(client, admin: admin)
        let school = try await OrganisationFixtures.manager(client, of: "truong-ha-noi", admin: admin)
        let province = try await OrganisationFixtures.manager(client, of: "so-ha-noi", admin: admin)
        let hue = try await OrganisationFixtures.manager(client, of: "so-hue", admin: admin)
        _ = try await OrganisationFixtures.createClass(client, in: "truong-ha-noi", as: school)
        return (admin, school, province, hue)
    }

    @Test func bothReportsAnswerInJSONCSVAndAPrintablePage() async throws {
        try await withTestApp { client, url in
            let (admin, _, _, _) = try await setUp(client, url: url)
            for path in ["/v1/organisations/so-ha-noi/report", "/v1/provinces/ha-noi/report"] {
                let response = try await get(client, path, admin)
                #expect(response.status == .ok, "\(String(buffer: response.body))")
                let report = try object(response)
                // The test clock is 2026-03-01 in Vietnam: the year to date.
                #expect(report["from"] as? String == "2026-01-01" && report["to"] as? String == "2026-03-01")
                #expect(report["deadline"] as? String == "2026-12-05")
                #expect((report["due"] as? String)?.hasPrefix("Hạn gửi: 5/12/2026") == true, "in the caller's language")
                #expect(report["methodologyVersion"] as? String == YearlyReport.methodologyVersion)
                #expect(report["generatedAt"] as? String != nil && report["reportId"] == nil)
                #expect(report["classesHeld"] as? Int == 1)
                #expect((report["byGroup"] as? [[String: Any]])?.map { $0["group"] as? String } == YearlyReport.groups.map(\.rawValue))

                let csv = try await get(client, path, admin, accept: "text/csv")
                #expect(csv.status == .ok && csv.headers[.contentType]?.hasPrefix("text/csv") == true)
                let text = String(buffer: csv.body)
                #expect(text.hasPrefix("\u{FEFF}section,key,name,level,members,active,total,firstTime,value"))
                #expect(text.contains("report,deadline,,,,,,,2026-12-05,") && text.contains("report,methodologyVersion,,,,,,,2026-12,"))

                let page = try await get(client, path, admin, accept: "text/html")
                #expect(page.status == .ok && page.headers[.contentType]?.hasPrefix("text/html") == true)
                #expect(page.headers[.contentSecurityPolicy]?.contains("default-src 'none'") == true)
                let html = String(buffer: page.body)
                #expect(html.contains("Báo cáo năm") && html.contains("Yearly report"))
                #expect(html.contains("Hạn gửi: 5/12/2026") && html.contains("due to the national authority"))
                #expect(html.contains("Kỳ báo cáo") && html.contains("1/1/2026 – 1/3/2026"))
                #expect(html.contains("Đã tiếp cận") && html.contains("Được cấp chứng nhận"))
                #expect(!html.lowercased().contains("<script"))
            }
            let province = try object(try await get(client, "/v1/provinces/ha-noi/report", admin))
            #expect(province["scope"] as? String == "province" && province["nameVi"] as? String == "Hà Nội")
            #expect(province["rate"] == nil && province["internetUsers"] == nil, "no internet users loaded for Hà Nội")
            let page = String(buffer: try await get(client, "/v1/provinces/ha-noi/report", admin, accept: "text/html").body)
            #expect(page.contains("chưa có số liệu") && page.contains("not known"))
        }
    }

    /// A retry of an issue with its `Idempotency-Key` gets the report already issued, not a
    /// second one; the key with another period, or for another scope, is refused.
    @Test func aRepeatedIssueWithItsIdempotencyKeyIssuesOneReport() async throws {
        try await withTestApp { client, url in
            let (_, _, province, _) = try await setUp(client, url: url)
            func issue(_ path: String, key: String, _ body: [String: Any]) async throws -> TestResponse {
                var headers = bearer(province.accessToken)
                headers[HTTPField.Name("Idempotency-Key")!] = key
                return try await client.execute(uri: path, method: .post, headers: headers, body: json(body))
            }
            let first = try await issue("/v1/provinces/ha-noi/reports", key: "bao-cao-2026", ["from": "2026-01-01"])
            #expect(first.status == .created, "\(String(buffer: first.body))")
            let repeated = try await issue("/v1/provinces/ha-noi/reports", key: "bao-cao-2026", ["from": "2026-01-01"])
            #expect(repeated.status == .created)
            let id = try #require(try object(first)["reportId"] as? String)
            #expect(try object(repeated)["reportId"] as? String == id, "the repeat gets the report already issued")
            #expect(repeated.headers[.location] == "/v1/reports/\(id)")
            #expect(try await query("SELECT count(*)::integer FROM issued_reports", url: url) == 1)
            #expect(try await query("SELECT count(*)::integer FROM admin_audit WHERE action = 'issue-report'", url: url) == 1)

            let otherPeriod = try await issue("/v1/provinces/ha-noi/reports", key: "bao-cao-2026", ["from": "2026-02-01"])
            _ = try expectProblem(otherPeriod, status: .unprocessableContent, type: "idempotency-key-reused")
            let otherScope = try await issue("/v1/organisations/so-ha-noi/reports", key: "bao-cao-2026", ["from": "2026-01-01"])
            _ = try expectProblem(otherScope, status: .unprocessableContent, type: "idempotency-key-reused")
            #expect(try await query("SELECT count(*)::integer FROM issued_reports", url: url) == 1)
        }
    }

    @Test func aBadPeriodIsRefusedNamingTheField() async throws {
        try await withTestApp { client, url in
            let (admin, _, _, _) = try await setUp(client, url: url)
            for (query, pointer) in [
                ("from=2026-02-30", "/query/from"),
                ("to=2026-03-02", "/query/to"),
                ("from=2026-02-10&to=2026-02-01", "/query/from"),
                ("from=2025-01-01&to=2026-02-01", "/query/to"),
                ("from=2019-12-31&to=2020-01-02", "/query/from"),
            ] {
                for path in ["/v1/organisations/so-ha-noi/report", "/v1/provinces/ha-noi/report"] {
                    let response = try await get(client, "\(path)?\(query)", admin)
                    let problem = try expectProblem(response, status: .unprocessableContent, type: "validation")
                    #expect(problem.errors?.map(\.pointer) == [pointer], "\(query)")
                }
            }
            let issued = try await client.execute(
                uri: "/v1/organisations/so-ha-noi/reports",
                method: .post,
                headers: bearer(admin.accessToken),
                body: json(["from": 20_260_101, "to": "2026-03-05"])
            )
            let problem = try expectProblem(issued, status: .unprocessableContent, type: "validation")
            #expect(Set(problem.errors?.map(\.pointer) ?? []) == ["/from", "/to"])
            #expect(try await query("SELECT count(*)::integer FROM issued_reports", url: url) == 0)
        }
    }

    @Test func onlyTheTreeAboveAReportsScopeReadsIt() async throws {
        try await withTestApp { client, url in
            let (admin, school, province, hue) = try await setUp(client, url: url)
            let statistician = try await registerStatistician(client, url: url)
            let learner = try await register(client, "hoc.vien@example.org")
            let organisation = "/v1/organisations/truong-ha-noi/report"
            let provinceReport = "/v1/provinces/ha-noi/report"
            for session in [admin, statistician, school, province] {
                #expect(try await get(client, organisation, session).status == .ok)
            }
            for session in [admin, statistician, province] {
                #expect(try await get(client, provinceReport, session).status == .ok)
            }
            try expectProblem(try await get(client, organisation, nil), status: .unauthorized, type: "unauthorized")
            try expectProblem(try await get(client, provinceReport, nil), status: .unauthorized, type: "unauthorized")
            try expectProblem(try await get(client, organisation, learner), status: .forbidden, type: "forbidden")
            try expectProblem(try await get(client, provinceReport, learner), status: .forbidden, type: "forbidden")
            // Another branch is not found; so is a province the school does not run.
            try expectProblem(try await get(client, organisation, hue), status: .notFound, type: "not-found")
            try expectProblem(try await get(client, provinceReport, hue), status: .notFound, type: "not-found")
            try expectProblem(try await get(client, provinceReport, school), status: .notFound, type: "not-found")
            try expectProblem(try await get(client, "/v1/organisations/so-ha-noi/report", school), status: .notFound, type: "not-found")
            try expectProblem(try await get(client, "/v1/organisations/khong-co/report", admin), status: .notFound, type: "not-found")
            try expectProblem(try await get(client, "/v1/provinces/khong-co/report", admin), status: .notFound, type: "not-found")
        }
    }

    @Test func anIssuedReportStaysExactlyAsIssued() async throws {
        try await withTestApp { client, url in
            let (admin, _, province, hue) = try await setUp(client, url: url)
            let statistician = try await registerStatistician(client, url: url)
            // Someone in Hà Nội reached before the report.
            let early = UUID()
            try await TestDatabase.withDatabase(url: url) { database in
                try await database.withTransaction { connection in
                    try await connection.query(
                        """
                        INSERT INTO learners (learner_id, display_name, locale, province_code, groups, created_at, updated_at)
                        VALUES (\(early), 'x', 'vi', 'ha-noi', '{student}', now(), now())
                        """,
                        logger: database.logger
                    )
                    try await LearningStore.record(
                        .certified,
                        learnerID: early,
                        courseID: "c",
                        now: testNow.addingTimeInterval(-86_400 * 20),
                        channel: "web",
                        on: connection,
                        logger: database.logger
                    )
                }
            }
            let refused = try await client.execute(
                uri: "/v1/provinces/ha-noi/reports",
                method: .post,
                headers: bearer(statistician.accessToken),
                body: json([:])
            )
            try expectProblem(refused, status: .forbidden, type: "forbidden")
            let created = try await client.execute(
                uri: "/v1/provinces/ha-noi/reports",
                method: .post,
                headers: bearer(province.accessToken),
                body: json(["from": "2026-01-01"])
            )
            #expect(created.status == .created, "\(String(buffer: created.body))")
            let issued = try object(created)
            let id = try #require(issued["reportId"] as? String)
            #expect(created.headers[.location] == "/v1/reports/\(id)")
            #expect(issued["issuedAt"] as? String != nil)
            #expect(try await query("SELECT count(*)::integer FROM admin_audit WHERE action = 'issue-report'", url: url) == 1)

            func snapshot(_ session: Session) async throws -> [String] {
                var bodies: [String] = []
                for accept in ["application/json", "text/csv", "text/html"] {
                    let response = try await get(client, "/v1/reports/\(id)", session, accept: accept)
                    #expect(response.status == .ok)
                    bodies.append(String(buffer: response.body))
                }
                return bodies
            }
            func live() async throws -> String {
                String(buffer: try await get(client, "/v1/provinces/ha-noi/report", admin).body)
            }
            let before = try await snapshot(province)
            #expect(try await snapshot(statistician) == before, "whoever reads it, the same report")
            let liveBefore = try await live()

            // New reference data, a rebuilt roll-up and new activity.
            var headers = bearer(admin.accessToken)
            headers[.contentType] = "text/csv"
            let upload = try await client.execute(
                uri: "/v1/admin/reference/internet-users",
                method: .put,
                headers: headers,
                body: ByteBuffer(
                    string: "year,scope,internet_users,share_of_population,as_of,source,status\n2026,ha-noi,5000000,,2026-01,Survey,published\n"
                )
            )
            #expect(upload.status == .ok || upload.status == .noContent, "\(String(buffer: upload.body))")
            try await TestDatabase.withDatabase(url: url) { database in
                try await database.withTransaction { connection in
                    for offset in 0..<12 {
                        let learner = UUID()
                        try await connection.query(
                            """
                            INSERT INTO learners (learner_id, display_name, locale, province_code, created_at, updated_at)
                            VALUES (\(learner), 'x', 'vi', 'ha-noi', now(), now())
                            """,
                            logger: database.logger
                        )
                        try await LearningStore.record(
                            .enrolled,
                            learnerID: learner,
                            courseID: "c",
                            now: testNow.addingTimeInterval(-86_400 * Double(40 + offset)),
                            channel: "web",
                            on: connection,
                            logger: database.logger
                        )
                    }
                    try await ReachStore.rollUp(through: "2026-02-28", rebuild: true, on: connection, logger: database.logger)
                }
            }
            #expect(try await snapshot(province) == before, "the issued report is frozen")
            let liveAfter = try await live()
            #expect(liveAfter != liveBefore, "while the live report moves on")
            #expect(try object(try await get(client, "/v1/provinces/ha-noi/report", admin))["internetUsers"] as? Int == 5_000_000)

            try expectProblem(try await get(client, "/v1/reports/\(id)", hue), status: .notFound, type: "not-found")
            try expectProblem(try await get(client, "/v1/reports/\(UUID())", admin), status: .notFound, type: "not-found")
            try expectProblem(try await get(client, "/v1/reports/\(id)", nil), status: .unauthorized, type: "unauthorized")
        }
    }

    @Test func outsideReportsOfAnOrganisationAreListedBesideItsFigures() async throws {
        try await withTestApp { client, url in
            let (admin, school, _, hue) = try await setUp(client, url: url)
            func record(_ organisationID: Any?, people: Int) async throws -> TestResponse {
                var body: [String: Any] = [
                    "organisation": "Trường Hà Nội", "periodStart": "2026-02-01", "periodEnd": "2026-02-02", "activity": "Hội thảo",
                    "people": people, "province": "ha-noi",
                ]
                body["organisationId"] = organisationID
                return try await client.execute(
                    uri: "/v1/admin/reach/external-reports",
                    method: .post,
                    headers: bearer(admin.accessToken),
                    body: json(body)
                )
            }
            #expect(try await record("truong-ha-noi", people: 150).status == .created)
            #expect(try await record(nil, people: 40).status == .created)
            let unknown = try expectProblem(try await record("khong-co", people: 5), status: .unprocessableContent, type: "validation")
            #expect(unknown.errors?.map(\.pointer) == ["/organisationId"])
            let wrongType = try expectProblem(try await record(7, people: 5), status: .unprocessableContent, type: "validation")
            #expect(wrongType.errors?.map(\.pointer) == ["/organisationId"])

            for (path, session) in [("/v1/organisations/truong-ha-noi/report", school), ("/v1/organisations/national/report", admin)] {
                let outside = try #require(try object(try await get(client, path, session))["outsideReports"] as? [String: Any])
                #expect(outside["reports"] as? Int == 1 && outside["people"] as? Int == 150, "\(path)")
                let items = try #require(outside["items"] as? [[String: Any]])
                #expect(items.first?["organisationId"] as? String == "truong-ha-noi")
                #expect(try object(try await get(client, path, session))["members"] as? Int == 0, "never added to the figures")
            }
            let hueOutside = try object(try await get(client, "/v1/organisations/so-hue/report", hue))["outsideReports"] as? [String: Any]
            #expect(hueOutside?["reports"] as? Int == 0)
            // The province lists both: the one of its organisation and the one naming only the province.
            let province = try object(try await get(client, "/v1/provinces/ha-noi/report", admin))["outsideReports"] as? [String: Any]
            #expect(province?["reports"] as? Int == 2 && province?["people"] as? Int == 190)
        }
    }
}
