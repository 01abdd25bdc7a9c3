import Domain
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Services
import Testing

/// Adding a contact later (issue 19, item 4): a code goes to the new contact, and once confirmed
/// the contact signs in and receives reset codes.
@Suite struct ContactAdditionTests {
    func add(_ client: some TestClientProtocol, _ session: Session, _ contact: Any) async throws -> TestResponse {
        try await client.execute(uri: "/v1/me/contacts", method: .post, headers: bearer(session.accessToken), body: json(["contact": contact]))
    }

    func verify(_ client: some TestClientProtocol, _ session: Session, _ contact: String, code: String) async throws -> TestResponse {
        try await client.execute(
            uri: "/v1/me/contacts/verify",
            method: .post,
            headers: bearer(session.accessToken),
            body: json(["contact": contact, "code": code])
        )
    }

    func contacts(_ client: some TestClientProtocol, _ session: Session) async throws -> [[String: Any]] {
        let me = try await client.execute(uri: "/v1/me", method: .get, headers: bearer(session.accessToken))
        return try object(me)["contacts"] as? [[String: Any]] ?? []
    }

    @Test func aManagedAccountAddsAPhoneThenSignsInAndResetsWithIt() async throws {
        let notifier = RecordingNotifier()
        try await withTestApp(notifier: notifier) { client, url in
            try await importPack(client, url: url, examplePack())
            let admin = try await registerAdmin(client, url: url)
            try await OrganisationFixtures.createTree(client, admin: admin)
            let school = try await OrganisationFixtures.manager(client, of: "truong-ha-noi", admin: admin)
            let cohort = try await OrganisationFixtures.createClass(client, in: "truong-ha-noi", as: school)
            let created = try await client.execute(
                uri: "/v1/classes/\(cohort.id)/managed-accounts",
                method: .post,
                headers: bearer(school.accessToken),
                body: json(["people": [["name": "Bà Tư", "birthYear": 1950]]])
            )
            #expect(created.status == .created, "\(String(buffer: created.body))")
            let card = try #require((try object(created)["cards"] as? [[String: Any]])?.first)
            let name = try #require(card["signInName"] as? String)
            let password = "bà tư học an toàn mạng"
            let first = try await client.execute(
                uri: "/v1/auth/first-sign-in",
                method: .post,
                headers: jsonHeaders,
                body: json(["signInName": name, "code": card["code"] as? String ?? "", "password": password, "consents": currentConsents])
            )
            #expect(first.status == .ok, "\(String(buffer: first.body))")
            let session = try decode(Session.self, first)

            let asked = try await add(client, session, "0912 345 678")
            #expect(asked.status == .accepted, "\(String(buffer: asked.body))")
            #expect(try await contacts(client, session).count == 1, "nothing is added before the code is confirmed")
            #expect(try await signIn(client, "0912345678", password: password).status == .unauthorized)
            let code = try #require(notifier.lastCode(to: "0912345678"))
            #expect(notifier.all.last?.purpose == .verifyContact)

            let confirmed = try await verify(client, session, "+84 912 345 678", code: code)
            #expect(confirmed.status == .ok, "\(String(buffer: confirmed.body))")
            let phone = try #require(try await contacts(client, session).first { $0["kind"] as? String == "phone" })
            #expect(phone["value"] as? String == "+84912345678" && phone["verified"] as? Bool == true && phone["purpose"] as? String == "sign-in")
            #expect(try await signIn(client, "0912 345 678", password: password).status == .ok, "the new contact signs in")
            #expect(try await signIn(client, name, password: password).status == .ok, "the sign-in name still does")

            let reset = try await client.execute(
                uri: "/v1/auth/password-reset",
                method: .post,
                headers: jsonHeaders,
                body: json(["identifier": "0912345678"])
            )
            #expect(reset.status == .accepted)
            #expect(notifier.all.last?.purpose == .passwordReset && notifier.all.last?.recipient.value == "+84912345678", "reset codes go there")

            let export = try await client.execute(uri: "/v1/me/export", method: .get, headers: bearer(session.accessToken))
            #expect(String(buffer: export.body).contains("+84912345678"), "the export has it")

            let erase = try await client.execute(
                uri: "/v1/me",
                method: .delete,
                headers: bearer(session.accessToken),
                body: json(["password": password])
            )
            #expect(erase.status == .noContent)
            #expect(
                try await query("SELECT count(*)::integer FROM learner_contacts WHERE value = '+84912345678'", url: url) == 0,
                "erasure removes it"
            )
            #expect(try await signIn(client, "0912345678", password: password).status == .unauthorized)
        }
    }

    @Test func aWrongOrExpiredCodeAddsNothing() async throws {
        let notifier = RecordingNotifier()
        let clock = TestClock()
        try await withTestApp(clock: clock.wallClock, notifier: notifier) { client, _ in
            let session = try await register(client, "mai@example.org")
            #expect(try await add(client, session, "Mai.Nguyen@Example.org").status == .accepted)
            let code = try #require(notifier.lastCode(to: "mai.nguyen@example.org"))
            let wrong = code == "000000" ? "111111" : "000000"
            let refused = try expectProblem(
                try await verify(client, session, "mai.nguyen@example.org", code: wrong),
                status: .unprocessableContent,
                type: "validation"
            )
            #expect(refused.errors?.map(\.pointer) == ["/code"])

            clock.advance(by: 16 * 60)
            // The access token has expired too: the person signs in again.
            let again = try await signIn(client, "mai@example.org")
            #expect(again.status == .ok)
            let renewed = try decode(Session.self, again)
            try expectProblem(
                try await verify(client, renewed, "mai.nguyen@example.org", code: code),
                status: .unprocessableContent,
                type: "validation"
            )
            #expect(try await contacts(client, renewed).map { $0["value"] as? String } == ["mai@example.org"], "nothing was added")
            #expect(try await signIn(client, "mai.nguyen@example.org").status == .unauthorized)

            let never = try await verify(client, renewed, "0977 000 111", code: code)
            try expectProblem(never, status: .notFound, type: "not-found")
        }
    }

    @Test func aContactInUseIsSaidOnlyToWhoeverReadsItsCode() async throws {
        let notifier = RecordingNotifier()
        try await withTestApp(notifier: notifier) { client, _ in
            let owner = try await register(client, "0933 222 111")
            let ownerCode = try #require(notifier.lastCode(to: "0933222111"))
            #expect(try await verify(client, owner, "0933222111", code: ownerCode).status == .ok)
            let other = try await register(client, "khach@example.org")

            let taken = try await add(client, other, "0933 222 111")
            let free = try await add(client, other, "0944 555 666")
            #expect(taken.status == .accepted && free.status == .accepted)
            #expect(String(buffer: taken.body) == String(buffer: free.body), "the answer does not say who has an account")

            let code = try #require(notifier.lastCode(to: "0933222111"))
            let refused = try expectProblem(try await verify(client, other, "0933222111", code: code), status: .conflict, type: "conflict")
            #expect(refused.detail != nil)
            #expect(try await contacts(client, other).map { $0["value"] as? String } == ["khach@example.org"])
            #expect(try await signIn(client, "0933222111").status == .ok, "the owner still signs in")
            let mine = try await signIn(client, "0933222111")
            #expect(try decode(Session.self, mine).learnerId == owner.learnerId)

            let own = try expectProblem(try await add(client, other, "KHACH@example.org"), status: .conflict, type: "conflict")
            #expect(own.errors?.map(\.pointer) == ["/contact"])
        }
    }

    @Test func badRequestsAreRefusedPlainly() async throws {
        try await withTestApp { client, _ in
            let anonymous = try await client.execute(
                uri: "/v1/me/contacts",
                method: .post,
                headers: jsonHeaders,
                body: json(["contact": "a@example.org"])
            )
            try expectProblem(anonymous, status: .unauthorized, type: "unauthorized")
            let session = try await register(client, "lan@example.org")
            for contact in ["not a contact", 5] as [Any] {
                let bad = try expectProblem(try await add(client, session, contact), status: .unprocessableContent, type: "validation")
                #expect(bad.errors?.map(\.pointer) == ["/contact"])
            }
            let missing = try await client.execute(uri: "/v1/me/contacts", method: .post, headers: bearer(session.accessToken), body: json([:]))
            #expect(try expectProblem(missing, status: .unprocessableContent, type: "validation").errors?.map(\.pointer) == ["/contact"])
        }
    }

    @Test func codesForNewContactsAreThrottled() async throws {
        let notifier = RecordingNotifier()
        try await withTestApp(notifier: notifier) { client, _ in
            let session = try await register(client, "hoa@example.org")
            for index in 0..<10 {
                let response = try await add(client, session, "hoa.\(index)@example.org")
                #expect(response.status == .accepted, "request \(index + 1)")
            }
            let blocked = try await add(client, session, "hoa.10@example.org")
            try expectProblem(blocked, status: .tooManyRequests, type: "too-many-requests")
            #expect(blocked.headers[.retryAfter] != nil)
            #expect(notifier.lastCode(to: "hoa.10@example.org") == nil, "no code once throttled")

            // One contact cannot be flooded from many accounts either.
            for index in 0..<10 {
                let sender = try await register(client, "gui.\(index)@example.org", address: "203.0.113.\(index)")
                #expect(try await add(client, sender, "nan.nhan@example.org").status == .accepted)
            }
            let last = try await register(client, "gui.cuoi@example.org", address: "203.0.113.99")
            try expectProblem(try await add(client, last, "nan.nhan@example.org"), status: .tooManyRequests, type: "too-many-requests")
        }
    }
}
