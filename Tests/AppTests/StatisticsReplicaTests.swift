import App
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

/// Statistics read from `STATISTICS_DATABASE_URL` (a streaming replica in production): where each
/// answer came from and up to when it is exact, the fallback to the primary when the replica is
/// down, and what stays on the primary. Serialized: the replica gauges in `/metrics` belong to
/// the whole process, and only these tests move them.
@Suite(.serialized) struct StatisticsReplicaTests {
    static let clock = WallClock.fixed(Date(timeIntervalSince1970: 1_767_225_600))  // 2026-01-01
    static let people: [(province: String?, sex: String?, groups: [String], day: String)] =
        (0..<12).map { index in (province: "ha-noi", sex: index % 2 == 0 ? "female" : "male", groups: [], day: "2025-09-02") }
    static let routes = [
        "/v1/stats/reach?asOf=2025-12-31", "/v1/stats/reach?asOf=2025-12-31&groupBy=sex", "/v1/stats/reach/timeseries?from=2025-09-01&to=2025-09-03",
        "/v1/stats/funnel?asOf=2025-12-31", "/v1/stats/items",
    ]

    /// Each route's JSON with and without `source` and `exactAsOf`, after checking that the
    /// headers say the same as the body.
    static func read(_ client: some TestClientProtocol, token: String) async throws -> [String: (body: String, source: String)] {
        var bodies: [String: (body: String, source: String)] = [:]
        for route in routes {
            let response = try await client.execute(uri: route, method: .get, headers: bearer(token))
            #expect(response.status == .ok, "\(route)")
            var body = try object(response)
            let source = try #require(body.removeValue(forKey: "source") as? String)
            let exactAsOf = try #require(body.removeValue(forKey: "exactAsOf") as? String)
            #expect(response.headers[HTTPField.Name("Statistics-Source")!] == source, "\(route)")
            #expect(response.headers[HTTPField.Name("Statistics-Exact-As-Of")!] == exactAsOf, "\(route)")
            bodies[route] = (String(decoding: try JSONSerialization.data(withJSONObject: body, options: .sortedKeys), as: UTF8.self), source)
        }
        return bodies
    }

    /// A province's yearly report, read where statistics are: its body and the source its
    /// headers give (a report's JSON is the document that may be issued, so only headers say).
    static func report(_ client: some TestClientProtocol, token: String) async throws -> (body: String, source: String?) {
        let response = try await client.execute(
            uri: "/v1/provinces/ha-noi/report?from=2025-01-01&to=2025-12-31",
            method: .get,
            headers: bearer(token)
        )
        #expect(response.status == .ok)
        #expect(response.headers[HTTPField.Name("Statistics-Exact-As-Of")!] != nil)
        return (String(buffer: response.body), response.headers[HTTPField.Name("Statistics-Source")!])
    }

    /// (a), (e) Unset, everything is read from the primary; pointed at a database that is not in
    /// recovery (here the same one), the replica answers with lag 0 and the same figures.
    @Test func aReplicaGivesThePrimarysFiguresAndSaysSo() async throws {
        try await TestDatabase.withFresh { url in
            try await ReachFixtures.seed(url, Self.people)
            let token = try await withTestApp(clock: Self.clock, databaseURL: url) { client, url in
                try await registerStatistician(client, url: url).accessToken
            }
            let (primary, primaryReport) = try await withTestApp(clock: Self.clock, databaseURL: url) { client, _ in
                (try await Self.read(client, token: token), try await Self.report(client, token: token))
            }
            let onReplica: @Sendable (inout Settings) -> Void = { $0.statisticsDatabaseURL = url }
            let replicaReads = try await withTestApp(clock: Self.clock, databaseURL: url, configure: onReplica) { client, _ in
                let csv = try await client.execute(
                    uri: "/v1/stats/funnel",
                    method: .get,
                    headers: [.authorization: "Bearer \(token)", .accept: "text/csv"]
                )
                #expect(csv.status == .ok && csv.headers[HTTPField.Name("Statistics-Source")!] == "replica")
                #expect(csv.headers[HTTPField.Name("Statistics-Exact-As-Of")!] == "2026-01-01T00:00:00Z", "lag 0: exact as of now")
                return (try await Self.read(client, token: token), try await Self.report(client, token: token))
            }
            let (replica, replicaReport) = (replicaReads.0, replicaReads.1)
            #expect(primaryReport.source == "primary")
            #expect(replicaReport.source == "replica")
            #expect(primaryReport.body == replicaReport.body, "the replica's report is the primary's")
            #expect(primaryReport.body.contains("\"scopeId\":\"ha-noi\""), "\(primaryReport.body.prefix(300))")
            for route in Self.routes {
                #expect(primary[route]?.source == "primary", "\(route)")
                #expect(replica[route]?.source == "replica", "\(route)")
                #expect(primary[route]?.body == replica[route]?.body, "\(route): the replica's figures are the primary's")
            }
            #expect(primary[Self.routes[0]]?.body.contains("\"reached\":12") == true)
        }
    }

    /// (e) Without the setting there is no second pool.
    @Test func withoutTheSettingStatisticsHaveNoReplica() async throws {
        try await TestDatabase.withFresh { url in
            try await TestDatabase.withDatabase(url: url) { database in
                #expect(ServiceContext(database: database).statistics.hasReplica == false)
            }
        }
    }

    /// (b) A replica nobody listens on: figures come from the primary and say so, the node stays
    /// ready, `/metrics` shows the replica down, and the dashboard says where its figures are from.
    @Test func aDownReplicaFallsBackToThePrimaryAndNeverFailsReadiness() async throws {
        let closed = "postgres://postgres@127.0.0.1:\(try freePort())/postgres?sslmode=disable"
        let configure: @Sendable (inout Settings) -> Void = { $0.statisticsDatabaseURL = closed }
        try await withTestApp(clock: Self.clock, configure: configure) { client, url in
            try await ReachFixtures.seed(url, Self.people)
            let statistician = try await registerStatistician(client, url: url)
            let bodies = try await Self.read(client, token: statistician.accessToken)
            for route in Self.routes { #expect(bodies[route]?.source == "primary-fallback", "\(route)") }
            #expect(try await Self.report(client, token: statistician.accessToken).source == "primary-fallback")
            #expect(bodies[Self.routes[0]]?.body.contains("\"reached\":12") == true)
            #expect(try await client.execute(uri: "/health/ready", method: .get).status == .ok, "a down replica never fails readiness")

            var metrics = ""
            for _ in 0..<40 {
                let response = try await Application(router: MetricsListener.router()).test(.router) { metrics in
                    try await metrics.execute(uri: "/metrics", method: .get)
                }
                metrics = String(buffer: response.body)
                if metrics.contains("\nsafeskills_statistics_replica_up 0") { break }
                try await Task.sleep(for: .milliseconds(250))
            }
            #expect(metrics.contains("\nsafeskills_statistics_replica_up 0"), "\(metrics)")
            #expect(metrics.contains("safeskills_statistics_replica_lag_seconds"))

            let cookie: HTTPFields = [.cookie: "__Host-safeskills=\(statistician.accessToken)"]
            let english = String(buffer: try await client.execute(uri: "/dashboard?lang=en", method: .get, headers: cookie).body)
            #expect(english.contains("Figures as of 07:00:00 (the statistics replica cannot be reached; read from the primary database)."))
            let vietnamese = String(buffer: try await client.execute(uri: "/dashboard?lang=vi", method: .get, headers: cookie).body)
            #expect(vietnamese.contains("Số liệu tính đến 07:00:00 (bản sao thống kê không kết nối được"))
        }
    }

    /// (c) Exact figures may come from the replica; the audit row of the read is on the primary.
    @Test func theExactFiguresAuditRowIsWrittenOnThePrimary() async throws {
        try await TestDatabase.withFresh { replicaURL in
            try await ReachFixtures.seed(replicaURL, Self.people)
            try await withTestApp(clock: Self.clock, configure: { $0.statisticsDatabaseURL = replicaURL }) { client, url in
                let admin = try await registerAdmin(client, url: url)
                let response = try await client.execute(
                    uri: "/v1/stats/reach?asOf=2025-12-31&exact=true",
                    method: .get,
                    headers: bearer(admin.accessToken)
                )
                let body = try object(response)
                #expect(body["source"] as? String == "replica")
                #expect(body["reached"] as? Int == 12, "the figures are the replica's (the primary has none)")
                let audited = { (url: String) in
                    try await TestDatabase.withDatabase(url: url) { database in
                        try await database.withConnection { connection in
                            var rows: [(String, String)] = []
                            for try await row in try await connection.query(
                                "SELECT actor_id::text, details->>'asOf' FROM admin_audit WHERE action = 'read-exact-figures'",
                                logger: database.logger
                            ).decode((String, String).self) {
                                rows.append(row)
                            }
                            return rows.map { "\($0.0) \($0.1)" }
                        }
                    }
                }
                #expect(try await audited(url) == ["\(admin.learnerId.lowercased()) 2025-12-31"])
                #expect(try await audited(replicaURL).isEmpty, "nothing is written on the statistics database")
            }
        }
    }
}
