import App
import Domain
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@Suite struct AuthTests {
    @Test func registrationSignsInAndSendsAVerificationCode() async throws {
        let notifier = RecordingNotifier()
        try await withTestApp(notifier: notifier) { client, _ in
            let response = try await client.execute(uri: "/v1/auth/register", method: .post, headers: jsonHeaders, body: registration("0912 345 678"))
            #expect(response.headers[.cacheControl] == "no-store", "a response carrying tokens is never cached")
            #expect(response.headers[HTTPField.Name("X-Content-Type-Options")!] == "nosniff")
            let session = try decode(Session.self, response)
            #expect(session.accessToken.count == 64)
            #expect(notifier.lastCode(to: "0912345678")?.count == 6)
            let me = try await client.execute(uri: "/v1/me", method: .get, headers: bearer(session.accessToken))
            #expect(me.status == .ok)
            let body = try object(me)
            let contacts = try #require(body["contacts"] as? [[String: Any]])
            #expect(contacts.first?["value"] as? String == "+84912345678")
            #expect(contacts.first?["verified"] as? Bool == false)
            #expect(body["roles"] as? [String] == ["learner"])
            #expect(body["guardianConsent"] as? String == "not-required")
        }
    }

    @Test func severalBadFieldsAreAllReported() async throws {
        try await withTestApp { client, _ in
            let response = try await client.execute(
                uri: "/v1/auth/register",
                method: .post,
                headers: jsonHeaders,
                body: json(["email": "nope", "password": "123", "locale": "fr", "birthYear": "old", "province": "atlantis"])
            )
            let problem = try expectProblem(response, status: .unprocessableContent, type: "validation")
            let pointers = Set(problem.errors?.map(\.pointer) ?? [])
            #expect(pointers.isSuperset(of: ["/email", "/password", "/locale", "/birthYear", "/displayName", "/consents"]))
        }
    }

    @Test func unknownProvinceIsReportedWithTheOtherFields() async throws {
        try await withTestApp { client, _ in
            let consents = currentConsents + [["purpose": "statistics", "version": "2026-11"]]
            let response = try await client.execute(
                uri: "/v1/auth/register",
                method: .post,
                headers: jsonHeaders,
                body: registration("lan@example.org", extra: ["province": "quang-nam-pre2025", "consents": consents])
            )
            let problem = try expectProblem(response, status: .unprocessableContent, type: "validation")
            #expect(problem.errors?.map(\.pointer) == ["/province"], "a province merged away in 2025 is no longer offered")
            let ok = try await client.execute(
                uri: "/v1/auth/register",
                method: .post,
                headers: jsonHeaders,
                body: registration("lan@example.org", extra: ["province": "da-nang", "consents": consents])
            )
            #expect(ok.status == .created)
        }
    }

    @Test(arguments: ["matkhau123", "anhyeuem2024", "12345678", "password1", "Uống nước nhớ nguồn!", "correct horse battery staple"])
    func commonPasswordsAreRefusedAtRegistration(password: String) async throws {
        try await withTestApp { client, _ in
            let response = try await client.execute(
                uri: "/v1/auth/register",
                method: .post,
                headers: jsonHeaders,
                body: registration("hoa@example.org", password: password)
            )
            let problem = try expectProblem(response, status: .unprocessableContent, type: "validation")
            #expect(problem.errors?.map(\.pointer) == ["/password"])
        }
    }

    @Test func takenIdentifierIs409UntilAnUnverifiedClaimIsAWeekOld() async throws {
        let clock = TestClock()
        try await withTestApp(clock: clock.wallClock) { client, _ in
            let first = try await register(client, "tuan@example.org")
            let again = try await client.execute(
                uri: "/v1/auth/register",
                method: .post,
                headers: jsonHeaders,
                body: registration("Tuan@Example.org")
            )
            try expectProblem(again, status: .conflict, type: "conflict")

            clock.advance(by: 7 * 24 * 3600)
            let claimed = try await register(client, "tuan@example.org", password: "một mật khẩu khác hẳn")
            #expect(claimed.learnerId != first.learnerId)
            #expect(try await signIn(client, "tuan@example.org").status == .unauthorized, "the old claim's password no longer signs in")
            #expect(try await signIn(client, "tuan@example.org", password: "một mật khẩu khác hẳn").status == .ok)
        }
    }

    @Test func unknownAccountAndWrongPasswordGetTheSameAnswer() async throws {
        try await withTestApp { client, _ in
            try await register(client, "minh@example.org")
            let wrong = try await signIn(client, "minh@example.org", password: "không phải mật khẩu này")
            let unknown = try await signIn(client, "nobody@example.org", password: "không phải mật khẩu này")
            let a = try expectProblem(wrong, status: .unauthorized, type: "unauthorized")
            let b = try expectProblem(unknown, status: .unauthorized, type: "unauthorized")
            #expect(a.title == b.title && a.detail == b.detail && a.errors == nil && b.errors == nil)
            #expect(wrong.headers[.wwwAuthenticate] == "Bearer")
            #expect(try await signIn(client, "minh@example.org").status == .ok)
        }
    }

    @Test func parallelWrongAttemptsAreAllCountedThenThrottled() async throws {
        try await withTestApp { client, _ in
            try await register(client, "an@example.org")
            let statuses = try await withThrowingTaskGroup(of: HTTPResponse.Status.self) { group in
                // As many at once as the hashing pool takes (4 per core), so none is refused as busy.
                for index in 0..<8 {
                    group.addTask {
                        try await signIn(client, "an@example.org", password: "sai mật khẩu số \(index)", address: "203.0.113.\(index)").status
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(statuses.allSatisfy { $0 == .unauthorized })
            for index in 8..<11 {
                #expect(try await signIn(client, "an@example.org", password: "sai lần nữa", address: "203.0.113.\(index)").status == .unauthorized)
            }
            let blocked = try await signIn(client, "an@example.org", address: "203.0.113.99")
            try expectProblem(blocked, status: .tooManyRequests, type: "too-many-requests")
            #expect(Int(blocked.headers[.retryAfter] ?? "") ?? 0 >= 1)
        }
    }

    @Test func throttlingEndsSoThereIsNoPermanentLockOut() async throws {
        let clock = TestClock()
        try await withTestApp(clock: clock.wallClock) { client, _ in
            try await register(client, "binh@example.org")
            for index in 0..<6 {
                _ = try await signIn(client, "binh@example.org", password: "sai mật khẩu \(index)")
            }
            #expect(try await signIn(client, "binh@example.org").status == .tooManyRequests)
            clock.advance(by: 2)
            #expect(try await signIn(client, "binh@example.org").status == .ok)
        }
    }

    @Test func perAddressThrottlingCoversManyAccounts() async throws {
        try await withTestApp { client, _ in
            for index in 0..<51 {
                _ = try await signIn(client, "guess\(index)@example.org", password: "đoán bừa mật khẩu", address: "192.0.2.7")
            }
            let blocked = try await signIn(client, "other@example.org", password: "đoán bừa mật khẩu", address: "192.0.2.7")
            try expectProblem(blocked, status: .tooManyRequests, type: "too-many-requests")
            #expect(try await signIn(client, "other@example.org", password: "đoán bừa mật khẩu", address: "192.0.2.8").status == .unauthorized)
        }
    }

    @Test func refreshRotatesWithAGraceAndReuseRevokesTheChain() async throws {
        let clock = TestClock()
        try await withTestApp(clock: clock.wallClock) { client, url in
            let session = try await register(client, "chi@example.org")
            let refresh = { (token: String) in
                try await client.execute(uri: "/v1/auth/refresh", method: .post, headers: jsonHeaders, body: json(["refreshToken": token]))
            }
            let rotated = try await refresh(session.refreshToken)
            #expect(rotated.status == .ok)
            let second = try decode(Session.self, rotated)
            #expect(second.refreshToken != session.refreshToken)

            clock.advance(by: 30)
            let retried = try await refresh(session.refreshToken)
            #expect(retried.status == .ok, "a retry within the grace gets a fresh pair")
            let third = try decode(Session.self, retried)
            // ...and ends the pair the lost answer carried: a replay never adds live sessions.
            #expect(try await client.execute(uri: "/v1/me", method: .get, headers: bearer(second.accessToken)).status == .unauthorized)
            #expect(try await client.execute(uri: "/v1/me", method: .get, headers: bearer(third.accessToken)).status == .ok)
            for _ in 0..<3 { _ = try await refresh(session.refreshToken) }
            let live = try await query(
                "SELECT count(*)::int FROM auth_tokens WHERE learner_id = '\(session.learnerId)' AND kind = 'access' AND revoked_at IS NULL",
                url: url
            )
            #expect(live == 1)

            clock.advance(by: 61)
            try expectProblem(try await refresh(session.refreshToken), status: .unauthorized, type: "unauthorized")
            for token in [second.accessToken, third.accessToken] {
                #expect(try await client.execute(uri: "/v1/me", method: .get, headers: bearer(token)).status == .unauthorized)
            }
            #expect(try await refresh(third.refreshToken).status == .unauthorized, "the whole chain is revoked")
        }
    }

    @Test func accessTokensExpire() async throws {
        let clock = TestClock()
        try await withTestApp(clock: clock.wallClock) { client, _ in
            let session = try await register(client, "dung@example.org")
            clock.advance(by: 15 * 60 + 1)
            #expect(try await client.execute(uri: "/v1/me", method: .get, headers: bearer(session.accessToken)).status == .unauthorized)
        }
    }

    @Test func logoutRevokesTheSession() async throws {
        try await withTestApp { client, _ in
            let session = try await register(client, "giang@example.org")
            let other = try decode(Session.self, try await signIn(client, "giang@example.org"))
            #expect(try await client.execute(uri: "/v1/auth/logout", method: .post, headers: bearer(session.accessToken)).status == .noContent)
            #expect(try await client.execute(uri: "/v1/me", method: .get, headers: bearer(session.accessToken)).status == .unauthorized)
            #expect(try await client.execute(uri: "/v1/me", method: .get, headers: bearer(other.accessToken)).status == .ok)
        }
    }

    @Test func malformedTokensAreRefused() async throws {
        try await withTestApp { client, _ in
            let session = try await register(client, "ha@example.org")
            var changed = Array(session.accessToken)
            changed[40] = changed[40] == "A" ? "B" : "A"
            for token in [String(changed), session.accessToken + "=", "x", session.accessToken.lowercased()] where token != session.accessToken {
                #expect(try await client.execute(uri: "/v1/me", method: .get, headers: bearer(token)).status == .unauthorized)
            }
        }
    }
}
