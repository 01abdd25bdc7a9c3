import APIContract
import App
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@Suite struct OperationsTests {
    @Test func liveAnswersWithoutTheDatabase() async throws {
        try await withTestApp { client, _ in
            let response = try await client.execute(uri: "/health/live", method: .get)
            #expect(response.status == .ok)
            #expect(String(buffer: response.body) == #"{"status":"live"}"#)
        }
    }

    @Test func readyWhenTheDatabaseIsMigrated() async throws {
        try await withTestApp { client, _ in
            // The first connection can take longer than the 2 s budget while the whole suite runs
            // on two cores; a load balancer asks again, and so does this test.
            var response = try await client.execute(uri: "/health/ready", method: .get)
            for _ in 0..<10 where response.status != .ok {
                try await Task.sleep(for: .seconds(1))
                response = try await client.execute(uri: "/health/ready", method: .get)
            }
            #expect(response.status == .ok)
            #expect(String(buffer: response.body) == #"{"status":"ready"}"#)
        }
    }

    @Test func notReadyWhileMigrationsArePending() async throws {
        try await withTestApp(migrated: false) { client, _ in
            let response = try await client.execute(uri: "/health/ready", method: .get, headers: [.acceptLanguage: "en"])
            let problem = try expectProblem(response, status: .serviceUnavailable, type: "service-unavailable")
            #expect(problem.detail == "The database schema does not match this server build.")
            #expect(response.headers[.retryAfter] == "30")
        }
    }

    @Test func everyResponseCarriesARequestIdAndKeepsASaneOne() async throws {
        try await withTestApp { client, _ in
            let kept = try await client.execute(uri: "/health/live", method: .get, headers: [.requestID: "front-42.a_b"])
            #expect(kept.headers[.requestID] == "front-42.a_b")

            for insane in ["has space", String(repeating: "x", count: 129), "new\nline", "ümlaut"] {
                var headers = HTTPFields()
                headers.append(HTTPField(name: .requestID, value: insane))
                let replaced = try await client.execute(uri: "/health/live", method: .get, headers: headers)
                let id = try #require(replaced.headers[.requestID])
                #expect(id != insane)
                #expect(id.count == 24)
            }

            let error = try await client.execute(uri: "/nowhere", method: .get, headers: [.requestID: "trace-me"])
            #expect(error.headers[.requestID] == "trace-me")
            let problem = try JSONDecoder().decode(ProblemBody.self, from: Data(buffer: error.body))
            #expect(problem.requestId == "trace-me")
        }
    }

    @Test func contentLanguageFollowsAcceptLanguage() async throws {
        try await withTestApp { client, _ in
            let english = try await client.execute(uri: "/health/live", method: .get, headers: [.acceptLanguage: "en-GB,en;q=0.9"])
            #expect(english.headers[.contentLanguage] == "en")
            let fallback = try await client.execute(uri: "/health/live", method: .get, headers: [.acceptLanguage: "fr"])
            #expect(fallback.headers[.contentLanguage] == "vi")
            let none = try await client.execute(uri: "/health/live", method: .get)
            #expect(none.headers[.contentLanguage] == "vi")
        }
    }

    @Test func metricsShowRequestsByRouteAndDatabaseFigures() async throws {
        try await withTestApp { client, _ in
            _ = try await client.execute(uri: "/health/ready", method: .get)
            _ = try await client.execute(uri: "/no/such/route", method: .get)
            // Served by the metrics listener (METRICS_ADDRESS), never the public one.
            let response = try await Application(router: MetricsListener.router()).test(.router) { metrics in
                try await metrics.execute(uri: "/metrics", method: .get)
            }
            #expect(response.status == .ok)
            #expect(response.headers[.contentType]?.hasPrefix("text/plain") == true)
            let text = String(buffer: response.body)
            // Ready or not (a busy test machine may take over two seconds), the route is counted.
            #expect(text.contains(#"hb_requests{http_route="/health/ready",http_request_method="GET",http_response_status_code="#))
            #expect(text.contains(#"http_response_status_code="404""#))
            #expect(text.contains("http_server_request_duration_bucket"))
            #expect(text.contains("safeskills_db_connection_wait_seconds_bucket"))
            #expect(text.contains("safeskills_db_operations_in_flight"))
        }
    }

    @Test func contractIsServedAsShipped() async throws {
        try await withTestApp(live: true) { client, _ in
            let response = try await client.execute(uri: "/openapi.yaml", method: .get)
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "application/yaml")
            // A generated operation's body goes out as one buffer, with its length declared.
            #expect(response.headers[.contentLength] == String(OpenAPIDocument.bytes.count))
            #expect(response.headers[.transferEncoding] == nil)
            #expect(Array(response.body.readableBytesView) == OpenAPIDocument.bytes)
            #expect(String(buffer: response.body).hasPrefix("openapi: 3.1"))
        }
    }

    @Test func headIsAnsweredWhereGetIs() async throws {
        try await withTestApp { client, _ in
            let response = try await client.execute(uri: "/health/live", method: .head)
            #expect(response.status == .ok)
            #expect(response.body.readableBytes == 0)
        }
    }
}
