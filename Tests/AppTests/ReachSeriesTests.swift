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
    @Test func everyDailyPointEqualsTheFiguresForThatDay() async throws {
        try await withTestApp(clock: .fixed(Date(timeIntervalSince1970: 1_767_225_600))) { client, url in  // 2026-01-01
            try await ReachFixtures.seed(url, ReachFixtures.people)
            let session = try await registerStatistician(client, url: url)
            let response = try await client.execute(
                uri: "/v1/stats/reach/timeseries?from=2025-08-30&to=2025-09-04",
                method: .get,
                headers: bearer(session.accessToken)
            )
            #expect(response.status == .ok)
            let body = try object(response)
            #expect(body["from"] as? String == "2025-08-30" && body["to"] as? String == "2025-09-04")
            let points = try #require(body["points"] as? [[String: Any]])
            #expect(points.map { $0["day"] as? String } == ["2025-08-30", "2025-08-31", "2025-09-01", "2025-09-02", "2025-09-03", "2025-09-04"])
            #expect(points.map { $0["reached"] as? Int } == [12, 12, 27, 31, 51, 51])
            #expect(points.allSatisfy { $0["target"] as? Double == 0.8 && $0["internetUsers"] as? Int == 79_800_000 })
            for point in points {
                let day = try #require(point["day"] as? String)
                let figures = try object(
                    try await client.execute(uri: "/v1/stats/reach?asOf=\(day)", method: .get, headers: bearer(session.accessToken))
                )
                #expect(point["reached"] as? Int == figures["reached"] as? Int)
                #expect(point["rate"] as? Double == figures["rate"] as? Double)
            }
            // Before the first person, and with one to nine, nothing is given away.
            let early = try object(
                try await client.execute(
                    uri: "/v1/stats/reach/timeseries?from=2025-05-09&to=2025-05-10",
                    method: .get,
                    headers: bearer(session.accessToken)
                )
            )
            let earlyPoints = try #require(early["points"] as? [[String: Any]])
            #expect(earlyPoints[0]["reached"] as? Int == 0 && earlyPoints[1]["reached"] as? Int == 12)

            // The year's start through today by default.
            let year = try object(try await client.execute(uri: "/v1/stats/reach/timeseries", method: .get, headers: bearer(session.accessToken)))
            #expect(year["from"] as? String == "2026-01-01" && (year["points"] as? [Any])?.count == 1)
        }
    }

    @Test func monthEndBreakdownsEqualTheGroupedFiguresBeforeAndAfterARollUp() async throws {
        try await withTestApp(clock: .fixed(Date(timeIntervalSince1970: 1_767_225_600))) { client, url in
            try await ReachFixtures.seed(url, ReachFixtures.people)
            let session = try await registerStatistician(client, url: url)
            for rolledThrough in [nil, "2025-08-31"] as [String?] {
                if let rolledThrough {
                    try await TestDatabase.withDatabase(url: url) { database in
                        try await database.withTransaction { try await ReachStore.rollUp(through: rolledThrough, on: $0, logger: database.logger) }
                    }
                }
                let series = try object(
                    try await client.execute(
                        uri: "/v1/stats/reach/timeseries?from=2025-04-15&to=2025-10-20&groupBy=province,sex",
                        method: .get,
                        headers: bearer(session.accessToken)
                    )
                )
                let breakdowns = try #require(series["breakdowns"] as? [[String: Any]])
                #expect(
                    breakdowns.map { $0["asOf"] as? String } == ["2025-04-30", "2025-05-31", "2025-06-30", "2025-07-31", "2025-08-31", "2025-09-30"]
                )
                for breakdown in breakdowns {
                    let monthEnd = try #require(breakdown["asOf"] as? String)
                    let figures = try object(
                        try await client.execute(
                            uri: "/v1/stats/reach?asOf=\(monthEnd)&groupBy=province,sex",
                            method: .get,
                            headers: bearer(session.accessToken)
                        )
                    )
                    let expected = try #require(figures["breakdown"] as? [String: Any])
                    #expect(
                        try JSONSerialization.data(withJSONObject: breakdown, options: .sortedKeys)
                            == JSONSerialization.data(withJSONObject: expected, options: .sortedKeys),
                        "\(monthEnd), rolled through \(rolledThrough ?? "nothing")"
                    )
                }
            }
            var headers = bearer(session.accessToken)
            headers[.accept] = "text/csv"
            let csv = String(
                buffer: try await client.execute(
                    uri: "/v1/stats/reach/timeseries?from=2025-09-01&to=2025-09-30&groupBy=province",
                    method: .get,
                    headers: headers
                ).body
            )
            let lines = csv.components(separatedBy: "\r\n")
            #expect(lines.first == "\u{FEFF}asOf,province,reached,learned,completedCourse,certified")
            #expect(lines.contains("2025-09-30,da-nang,27,0,0,0"))
            #expect(lines.contains { $0.hasPrefix("2025-09-30,ha-noi,<10,") })
            let daily = String(
                buffer: try await client.execute(uri: "/v1/stats/reach/timeseries?from=2025-09-01&to=2025-09-02", method: .get, headers: headers).body
            )
            #expect(
                daily == "\u{FEFF}day,reached,learned,completedCourse,certified,internetUsers,target,rate,carriedForward\r\n"
                    + "2025-09-01,27,0,0,0,79800000,0.8,\(27.0 / 79_800_000),false\r\n2025-09-02,31,0,0,0,79800000,0.8,\(31.0 / 79_800_000),false\r\n"
            )
        }
    }

    @Test func badRangesAreRefusedAllAtOnceAndOnlyStatisticiansSeeTheSeries() async throws {
        try await withTestApp(clock: .fixed(Date(timeIntervalSince1970: 1_767_225_600))) { client, url in
            let session = try await registerStatistician(client, url: url)
            let learner = try await register(client, "hoc.vien@example.org")
            let cases: [(String, [String])] = [
                ("from=2025-09-02&to=2025-09-01", ["/query/from"]),
                ("from=2015-01-01&to=2025-09-01", ["/query/from"]),
                ("from=2020-01-01&to=2030-01-01&groupBy=province,sex,channel", ["/query/to", "/query/groupBy"]),
                ("from=2025-02-30", ["/query/from"]),
                ("groupBy=town", ["/query/groupBy"]),
            ]
            for (query, pointers) in cases {
                let response = try await client.execute(
                    uri: "/v1/stats/reach/timeseries?\(query)",
                    method: .get,
                    headers: bearer(session.accessToken)
                )
                try expectProblem(response, status: .unprocessableContent, type: "validation")
                let errors = try #require(try object(response)["errors"] as? [[String: Any]])
                #expect(errors.compactMap { $0["pointer"] as? String } == pointers, "\(query)")
            }
            for path in ["/v1/stats/reach/timeseries", "/v1/stats/funnel", "/v1/stats/items"] {
                try expectProblem(
                    try await client.execute(uri: path, method: .get, headers: bearer(learner.accessToken)),
                    status: .forbidden,
                    type: "forbidden"
                )
                try expectProblem(try await client.execute(uri: path, method: .get), status: .unauthorized, type: "unauthorized")
            }
        }
    }
}
