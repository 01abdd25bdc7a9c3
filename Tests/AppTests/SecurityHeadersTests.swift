import App
import Domain
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

/// The headers a reviewer expects on every response, and a dashboard session that no other site
/// can end or read from a cache.
@Suite struct SecurityHeadersTests {
    static let password = "gió mùa thu về trên phố"

    func dashboardSession(_ client: some TestClientProtocol, url: String) async throws -> HTTPFields {
        let statistician = try await registerStatistician(client, url: url)
        let identifier = try await query(
            "SELECT value FROM learner_contacts WHERE learner_id = '\(statistician.learnerId)' AND purpose = 'sign-in'",
            url: url,
            as: String.self
        )
        let body =
            "identifier=\(identifier.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)&password="
            + Self.password.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
        let signedIn = try await client.execute(
            uri: "/dashboard/session",
            method: .post,
            headers: [.contentType: "application/x-www-form-urlencoded"],
            body: ByteBuffer(string: body)
        )
        let cookie = try #require(signedIn.headers[.setCookie]?.split(separator: ";").first.map(String.init))
        return [.cookie: cookie]
    }

    @Test func everyResponseIsNosniffAndSendsNoReferrer() async throws {
        try await withTestApp { client, _ in
            for uri in ["/health/live", "/v1/courses", "/no/such/route", "/dashboard", "/openapi.yaml"] {
                let response = try await client.execute(uri: uri, method: .get)
                #expect(response.headers[.init("X-Content-Type-Options")!] == "nosniff", "\(uri)")
                #expect(response.headers[.init("Referrer-Policy")!] == "same-origin", "\(uri)")
            }
        }
    }

    @Test func htmlPagesCannotBeFramed() async throws {
        try await withTestApp { client, _ in
            for uri in ["/dashboard", "/verify/00000000-0000-0000-0000-000000000000"] {
                let response = try await client.execute(uri: uri, method: .get)
                #expect(response.headers[.contentType]?.hasPrefix("text/html") == true, "\(uri)")
                #expect(response.headers[.contentSecurityPolicy]?.contains("frame-ancestors 'none'") == true, "\(uri)")
            }
        }
    }

    @Test func statisticsReadWithTheDashboardCookieAreNeverCached() async throws {
        try await withTestApp(clock: .fixed(Date(timeIntervalSince1970: 1_767_225_600))) { client, url in
            let session = try await dashboardSession(client, url: url)
            for uri in ["/v1/stats/reach", "/v1/stats/funnel", "/dashboard"] {
                let response = try await client.execute(uri: uri, method: .get, headers: session)
                #expect(response.status == .ok, "\(uri)")
                #expect(response.headers[.cacheControl] == "no-store", "\(uri)")
            }
            // A public read keeps the caching the route chose.
            #expect(try await client.execute(uri: "/v1/courses", method: .get).headers[.cacheControl] == "no-cache")
        }
    }

    @Test func signOutFromAnotherSiteChangesNothing() async throws {
        try await withTestApp(clock: .fixed(Date(timeIntervalSince1970: 1_767_225_600))) { client, url in
            let session = try await dashboardSession(client, url: url)
            for foreign: HTTPFields in [[.origin: "https://evil.example"], [.init("Sec-Fetch-Site")!: "cross-site"]] {
                var headers = session
                headers.append(contentsOf: foreign)
                let response = try await client.execute(uri: "/dashboard/sign-out", method: .post, headers: headers)
                #expect(response.status == .forbidden)
                #expect(response.headers[.setCookie] == nil, "the cookie is left alone")
            }
            #expect(String(buffer: try await client.execute(uri: "/dashboard", method: .get, headers: session).body).contains("<svg"))

            var own = session
            own[.origin] = "https://safeskills.test"
            let signedOut = try await client.execute(uri: "/dashboard/sign-out", method: .post, headers: own)
            #expect(signedOut.status == .seeOther && signedOut.headers[.setCookie]?.contains("Max-Age=0") == true)
            let after = try await client.execute(uri: "/v1/stats/reach", method: .get, headers: session)
            #expect(after.status == .unauthorized, "the session is over on the server, not only in the browser")
        }
    }

    @Test func metricsAreNotOnThePublicListener() async throws {
        try await withTestApp { client, _ in
            try expectProblem(try await client.execute(uri: "/metrics", method: .get), status: .notFound, type: "not-found")
        }
    }
}
