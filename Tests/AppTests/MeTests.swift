import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@Suite struct MeTests {
    @Test func profileChangesFollowConsents() async throws {
        try await withTestApp { client, _ in
            let session = try await register(client, "nga@example.org")
            let patch = { (body: [String: Any]) in
                try await client.execute(uri: "/v1/me", method: .patch, headers: bearer(session.accessToken), body: json(body))
            }
            try expectProblem(try await patch(["province": "ha-noi"]), status: .unprocessableContent, type: "validation")

            let granted = try await patch(["province": "ha-noi", "sex": "female", "consents": [["purpose": "statistics", "version": "2026-11"]]])
            #expect(granted.status == .ok)
            let me = try object(granted)
            #expect(me["province"] as? String == "ha-noi")
            #expect((me["consents"] as? [[String: Any]])?.compactMap { $0["purpose"] as? String }.sorted() == ["statistics", "terms"])

            let cleared = try object(try await patch(["province": NSNull()]))
            #expect(cleared["province"] == nil)
            #expect(cleared["sex"] as? String == "female")

            let withdrawnResponse = try await patch(["withdrawConsents": ["statistics"]])
            #expect(withdrawnResponse.status == .ok, "\(String(buffer: withdrawnResponse.body))")
            let withdrawn = try object(withdrawnResponse)
            #expect(withdrawn["sex"] == nil)
            #expect((withdrawn["consents"] as? [[String: Any]])?.count == 1)

            let child = try await patch(["birthYear": 2015])
            let refused = try expectProblem(child, status: .unprocessableContent, type: "validation")
            #expect(refused.errors?.map(\.pointer) == ["/birthYear"], "an adult cannot become a child without a guardian's consent")

            let bad = try await patch(["locale": "de", "displayName": "", "birthYear": 3000])
            let problem = try expectProblem(bad, status: .unprocessableContent, type: "validation")
            #expect(Set(problem.errors?.map(\.pointer) ?? []) == ["/locale", "/displayName", "/birthYear"])
        }
    }

    @Test func passwordChangeNeedsTheCurrentPasswordAndSignsOutOtherSessions() async throws {
        try await withTestApp { client, _ in
            let session = try await register(client, "oanh@example.org")
            let other = try decode(Session.self, try await signIn(client, "oanh@example.org"))
            let change = { (current: String, new: String) in
                try await client.execute(
                    uri: "/v1/me/password",
                    method: .post,
                    headers: bearer(session.accessToken),
                    body: json(["currentPassword": current, "newPassword": new])
                )
            }
            let wrong = try expectProblem(try await change("sai rồi bạn ơi", "cây đa đầu làng xanh"), status: .forbidden, type: "forbidden")
            #expect(wrong.errors?.map(\.pointer) == ["/currentPassword"])
            #expect(try await change("gió mùa thu về trên phố", "cây đa đầu làng xanh").status == .noContent)
            #expect(try await client.execute(uri: "/v1/me", method: .get, headers: bearer(session.accessToken)).status == .ok)
            #expect(try await client.execute(uri: "/v1/me", method: .get, headers: bearer(other.accessToken)).status == .unauthorized)
            #expect(try await signIn(client, "oanh@example.org", password: "cây đa đầu làng xanh").status == .ok)
        }
    }

    @Test func exportHasThePersonsDataAndNoSecrets() async throws {
        try await withTestApp { client, _ in
            let session = try await register(client, "phuong@example.org", extra: ["deviceKey": "device-0123456789abcdef"])
            let response = try await client.execute(uri: "/v1/me/export", method: .get, headers: bearer(session.accessToken))
            #expect(response.status == .ok)
            let text = String(buffer: response.body)
            let export = try object(response)
            #expect((export["account"] as? [String: Any])?["id"] as? String == session.learnerId)
            #expect((export["devices"] as? [Any])?.count == 1)
            #expect((export["consentHistory"] as? [Any])?.count == 1)
            #expect(!text.contains("argon2"), "no password hash")
            #expect(!text.contains(session.accessToken) && !text.contains(session.refreshToken), "no tokens")
            #expect(!text.contains("device-0123456789abcdef"), "the device key itself is never stored")
        }
    }

    @Test func erasureNeedsThePasswordThenRemovesThePerson() async throws {
        try await withTestApp { client, url in
            let session = try await register(client, "quang@example.org")
            #expect(try await signIn(client, "quang@example.org").status == .ok)
            let addresses = "SELECT count(*)::int FROM learner_sign_in_addresses WHERE learner_id = '\(session.learnerId)'"
            #expect(try await query(addresses, url: url) == 2, "where they registered and signed in, as keyed hashes")
            let erase = { (password: String) in
                try await client.execute(uri: "/v1/me", method: .delete, headers: bearer(session.accessToken), body: json(["password": password]))
            }
            try expectProblem(try await erase("không đúng đâu nhé"), status: .forbidden, type: "forbidden")
            #expect(try await erase("gió mùa thu về trên phố").status == .noContent)
            #expect(try await client.execute(uri: "/v1/me", method: .get, headers: bearer(session.accessToken)).status == .unauthorized)
            #expect(try await signIn(client, "quang@example.org").status == .unauthorized)
            #expect(try await query(addresses, url: url) == 0, "the sign-in history goes with the person")
            let again = try await register(client, "quang@example.org")
            #expect(again.learnerId != session.learnerId, "the identifier is free again")
        }
    }
}
