import App
import Domain
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Persistence
import PostgresNIO
import Testing

@Suite struct DashboardTests {
    static let password = "gió mùa thu về trên phố"

    func signIn(
        _ client: some TestClientProtocol,
        _ identifier: String,
        password: String = password,
        origin: String? = nil,
        fetchSite: String? = nil
    ) async throws -> TestResponse {
        var headers: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]
        headers[.origin] = origin
        headers[HTTPField.Name("Sec-Fetch-Site")!] = fetchSite
        let body =
            "identifier=\(identifier.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)&password=\(password.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)"
        return try await client.execute(uri: "/dashboard/session", method: .post, headers: headers, body: ByteBuffer(string: body))
    }

    func cookie(_ response: TestResponse) -> String? {
        response.headers[.setCookie]?.split(separator: ";").first.map(String.init)
    }

    @Test func aStatisticianSignsInWithTheFormAndSeesTheFiguresInEitherLanguage() async throws {
        try await withTestApp(clock: .fixed(Date(timeIntervalSince1970: 1_767_225_600))) { client, url in  // 2026-01-01
            try await ReachFixtures.seed(url, ReachFixtures.people)
            let statistician = try await registerStatistician(client, url: url)
            let identifier = try await query(
                "SELECT value FROM learner_contacts WHERE learner_id = '\(statistician.learnerId)' AND purpose = 'sign-in'",
                url: url,
                as: String.self
            )

            let form = try await client.execute(uri: "/dashboard", method: .get)
            #expect(form.status == .ok)
            let formPage = String(buffer: form.body)
            #expect(formPage.contains("action=\"/dashboard/session?lang=vi\"") && !formPage.contains("<svg"))
            #expect(form.headers[.contentSecurityPolicy]?.contains("default-src 'none'") == true)

            let signedIn = try await signIn(client, identifier)
            #expect(signedIn.status == .seeOther && signedIn.headers[.location]?.hasPrefix("/dashboard") == true)
            let setCookie = try #require(signedIn.headers[.setCookie])
            #expect(setCookie.hasPrefix("__Host-safeskills=") && setCookie.contains("; Path=/;"))
            for attribute in ["HttpOnly", "Secure", "SameSite=Strict"] { #expect(setCookie.contains(attribute)) }
            let session: HTTPFields = [.cookie: try #require(cookie(signedIn))]

            var vi = session
            vi[.acceptLanguage] = "vi"
            let page = try await client.execute(uri: "/dashboard", method: .get, headers: vi)
            #expect(page.status == .ok && page.headers[.cacheControl] == "no-store")
            let html = String(buffer: page.body)
            #expect(html.contains("<svg") && html.contains("Đà Nẵng") && html.contains("Huế"))
            #expect(html.contains("&lt;10"), "Hà Nội's 4 people are withheld on the page as in the API")
            #expect(
                !html.contains("<script") && !html.contains(" src=") && !html.contains("<link") && !html.contains("url("),
                "no scripts, no external assets"
            )
            let english = String(buffer: try await client.execute(uri: "/dashboard?lang=en", method: .get, headers: session).body)
            #expect(english.contains("lang=\"en\"") && english.contains("Sign out"))

            // The cookie reads statistics, and nothing else, and never writes.
            #expect(try await client.execute(uri: "/v1/stats/reach", method: .get, headers: session).status == .ok)
            try expectProblem(try await client.execute(uri: "/v1/me", method: .get, headers: session), status: .unauthorized, type: "unauthorized")
            var write = session
            write[.contentType] = "text/csv"
            try expectProblem(
                try await client.execute(uri: "/v1/admin/reference/targets", method: .put, headers: write, body: ByteBuffer(string: "x")),
                status: .unauthorized,
                type: "unauthorized"
            )

            let signedOut = try await client.execute(uri: "/dashboard/sign-out", method: .post, headers: session)
            #expect(signedOut.status == .seeOther && signedOut.headers[.setCookie]?.contains("Max-Age=0") == true)
            let after = String(buffer: try await client.execute(uri: "/dashboard", method: .get, headers: session).body)
            #expect(after.contains("action=\"/dashboard/session?lang=vi\"") && !after.contains("<svg"), "the old cookie's session is over")
        }
    }

    @Test func wrongPasswordsLearnersAndOtherSitesGetNoSession() async throws {
        try await withTestApp(clock: .fixed(Date(timeIntervalSince1970: 1_767_225_600))) { client, url in
            _ = try await register(client, "hoc.vien@example.org")
            _ = try await registerStatistician(client, url: url)
            let statistician = try await query(
                "SELECT value FROM learner_contacts c JOIN learners l USING (learner_id) WHERE 'statistician' = ANY(l.roles)",
                url: url,
                as: String.self
            )

            let wrong = try await signIn(client, "<b>hoc.vien@example.org</b>", password: "sai mật khẩu rồi nhé")
            #expect(wrong.status == .unauthorized && wrong.headers[.setCookie] == nil)
            let wrongPage = String(buffer: wrong.body)
            #expect(
                wrongPage.contains("&lt;b&gt;hoc.vien@example.org&lt;/b&gt;") && !wrongPage.contains("<b>hoc.vien"),
                "the identifier comes back escaped"
            )

            let live =
                "SELECT count(*)::int FROM auth_tokens t JOIN learner_contacts c USING (learner_id) WHERE c.value = 'hoc.vien@example.org' AND t.revoked_at IS NULL"
            let before = try await query(live, url: url)
            let learner = try await signIn(client, "hoc.vien@example.org")
            #expect(learner.status == .forbidden && learner.headers[.setCookie] == nil, "a learner gets no dashboard session")
            #expect(try await query(live, url: url) == before, "the session the form opened is closed again")

            let elsewhere = try await signIn(client, statistician, origin: "https://evil.example")
            #expect(elsewhere.status == .forbidden && elsewhere.headers[.setCookie] == nil)
            // A browser's own form under a strict referrer policy: Origin `null`, Fetch Metadata
            // `same-origin`, which a page cannot forge.
            let ownForm = try await signIn(client, statistician, origin: "null", fetchSite: "same-origin")
            #expect(ownForm.status == .seeOther && ownForm.headers[.setCookie] != nil, "\(ownForm.status)")
            let crossSite = try await signIn(client, statistician, fetchSite: "cross-site")
            #expect(crossSite.status == .forbidden && crossSite.headers[.setCookie] == nil)
            let empty = try await client.execute(
                uri: "/dashboard/session",
                method: .post,
                headers: [.contentType: "application/x-www-form-urlencoded"],
                body: ByteBuffer(string: "identifier=")
            )
            #expect(empty.status == .unprocessableContent && empty.headers[.setCookie] == nil)
            let notAForm = try await client.execute(
                uri: "/dashboard/session",
                method: .post,
                headers: jsonHeaders,
                body: json(["identifier": statistician])
            )
            try expectProblem(notAForm, status: .unsupportedMediaType, type: "unsupported-media-type")

            // A learner's bearer token shows no figures either.
            let session = try await register(client, "hoc.vien.2@example.org")
            let page = try await client.execute(uri: "/dashboard", method: .get, headers: [.authorization: "Bearer \(session.accessToken)"])
            #expect(page.status == .forbidden && !String(buffer: page.body).contains("<svg"))
        }
    }

    /// A statistician reads aggregates and never a person: no name, contact or id appears in any
    /// statistics answer, and every route about people refuses them.
    @Test func aStatisticianNeverSeesAPerson() async throws {
        try await withTestApp(clock: .fixed(Date(timeIntervalSince1970: 1_767_225_600))) { client, url in
            let admin = try await registerAdmin(client, url: url)
            #expect(try await PackFixtures.upload(client, admin, try PackFixtures.zip(examplePack())).status == .created)
            var people: [Session] = []
            for index in 0..<8 {
                let person = try await register(
                    client,
                    "nguoi.\(index)@example.org",
                    extra: [
                        "displayName": "Bí Mật Số \(index)", "province": "hue",
                        "consents": currentConsents + [["purpose": "statistics", "version": "2026-11"]],
                    ]
                )
                #expect(
                    try await client.execute(uri: "/v1/courses/example-course/enrollment", method: .post, headers: bearer(person.accessToken)).status
                        == .created
                )
                people.append(person)
            }
            let statistician = try await registerStatistician(client, url: url)
            var everything = ""
            for path in [
                "/v1/stats/reach", "/v1/stats/reach?groupBy=province,sex", "/v1/stats/reach?groupBy=group,ageBand",
                "/v1/stats/reach/timeseries?groupBy=channel",
                "/v1/stats/funnel", "/v1/stats/items",
            ] {
                for accept in ["application/json", "text/csv"] {
                    var headers = bearer(statistician.accessToken)
                    headers[.accept] = accept
                    let response = try await client.execute(uri: path, method: .get, headers: headers)
                    #expect(response.status == .ok, "\(path) as \(accept)")
                    everything += String(buffer: response.body)
                }
            }
            everything += String(buffer: try await client.execute(uri: "/dashboard", method: .get, headers: bearer(statistician.accessToken)).body)
            for person in people {
                #expect(!everything.contains(person.learnerId) && !everything.contains(person.learnerId.uppercased()))
            }
            #expect(!everything.contains("Bí Mật") && !everything.contains("@example.org"))
            #expect(!everything.contains(">8<") && !everything.contains(",8,") && !everything.contains(":8,"), "8 people are withheld everywhere")

            let someone = people[0].learnerId
            for (path, method) in [
                ("/v1/admin/users?identifier=nguoi.0@example.org", HTTPRequest.Method.get), ("/v1/admin/users/\(someone)/roles", .put),
                ("/v1/admin/reference/provinces", .get),
            ] {
                let response = try await client.execute(
                    uri: path,
                    method: method,
                    headers: bearer(statistician.accessToken),
                    body: json(["roles": ["admin"]])
                )
                try expectProblem(response, status: .forbidden, type: "forbidden")
            }
        }
    }
}
