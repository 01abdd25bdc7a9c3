import App
import Domain
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Services
import Testing

@Suite struct PasswordResetTests {
    func requestReset(_ client: some TestClientProtocol, _ identifier: String) async throws -> TestResponse {
        try await client.execute(uri: "/v1/auth/password-reset", method: .post, headers: jsonHeaders, body: json(["identifier": identifier]))
    }

    func verify(_ client: some TestClientProtocol, _ session: Session, contact: String, code: String) async throws -> TestResponse {
        try await client.execute(
            uri: "/v1/me/contacts/verify",
            method: .post,
            headers: bearer(session.accessToken),
            body: json(["contact": contact, "code": code])
        )
    }

    @Test func resetCodesGoOnlyToVerifiedContactsAndTheAnswerNeverTells() async throws {
        let notifier = RecordingNotifier()
        try await withTestApp(notifier: notifier) { client, _ in
            let session = try await register(client, "0987 654 321")
            let before = notifier.all.count

            let unverified = try await requestReset(client, "0987654321")
            let unknown = try await requestReset(client, "0911111111")
            #expect(unverified.status == .accepted && unknown.status == .accepted)
            #expect(String(buffer: unverified.body) == String(buffer: unknown.body))
            #expect(notifier.all.count == before, "no code for an unverified contact")

            let code = try #require(notifier.lastCode(to: "0987654321"))
            #expect(try await verify(client, session, contact: "0987 654 321", code: code).status == .ok)

            #expect(try await requestReset(client, "+84 987 654 321").status == .accepted)
            let resetCode = try #require(notifier.all.last { $0.purpose == .passwordReset }?.code)
            let confirm = try await client.execute(
                uri: "/v1/auth/password-reset/confirm",
                method: .post,
                headers: jsonHeaders,
                body: json(["identifier": "0987654321", "code": resetCode, "newPassword": "sáng nay trời mưa phùn"])
            )
            #expect(confirm.status == .noContent)
            #expect(
                try await client.execute(uri: "/v1/me", method: .get, headers: bearer(session.accessToken)).status == .unauthorized,
                "a reset signs out every session"
            )
            #expect(try await signIn(client, "0987654321", password: "sáng nay trời mưa phùn").status == .ok)
            #expect(try await signIn(client, "0987654321").status == .unauthorized)

            let reused = try await client.execute(
                uri: "/v1/auth/password-reset/confirm",
                method: .post,
                headers: jsonHeaders,
                body: json(["identifier": "0987654321", "code": resetCode, "newPassword": "một mật khẩu mới nữa"])
            )
            try expectProblem(reused, status: .unprocessableContent, type: "validation")
        }
    }

    @Test func aCodeAllowsFiveTries() async throws {
        let notifier = RecordingNotifier()
        try await withTestApp(notifier: notifier) { client, _ in
            let session = try await register(client, "khanh@example.org")
            let code = try #require(notifier.lastCode(to: "khanh@example.org"))
            let wrong = code == "000000" ? "111111" : "000000"
            for _ in 0..<5 {
                try expectProblem(
                    try await verify(client, session, contact: "khanh@example.org", code: wrong),
                    status: .unprocessableContent,
                    type: "validation"
                )
            }
            #expect(
                try await verify(client, session, contact: "khanh@example.org", code: code).status == .unprocessableContent,
                "after five wrong tries even the right code is refused"
            )
            #expect(
                try await client.execute(
                    uri: "/v1/me/contacts/send-code",
                    method: .post,
                    headers: bearer(session.accessToken),
                    body: json(["contact": "khanh@example.org"])
                ).status == .accepted
            )
            let fresh = try #require(notifier.lastCode(to: "khanh@example.org"))
            #expect(try await verify(client, session, contact: "khanh@example.org", code: fresh).status == .ok)
        }
    }

    @Test func under16sNeedTheirGuardiansCode() async throws {
        let notifier = RecordingNotifier()
        try await withTestApp(notifier: notifier) { client, _ in
            let session = try await register(client, "be.an@example.org", extra: ["birthYear": 2013, "guardianContact": "0901 234 567"])
            let guardianMessage = try #require(notifier.all.first { $0.purpose == .guardianConsent })
            #expect(guardianMessage.recipient.value == "+84901234567")
            let me = try object(try await client.execute(uri: "/v1/me", method: .get, headers: bearer(session.accessToken)))
            #expect(me["guardianConsent"] as? String == "pending")

            let verified = try await verify(client, session, contact: "0901234567", code: guardianMessage.code)
            #expect(verified.status == .ok)
            #expect(try object(verified)["guardianConsent"] as? String == "confirmed")
        }
    }

    @Test func sendingACodeToSomeoneElsesContactIs404() async throws {
        try await withTestApp { client, _ in
            let mine = try await register(client, "long@example.org")
            try await register(client, "mai@example.org")
            let response = try await client.execute(
                uri: "/v1/me/contacts/send-code",
                method: .post,
                headers: bearer(mine.accessToken),
                body: json(["contact": "mai@example.org"])
            )
            try expectProblem(response, status: .notFound, type: "not-found")
        }
    }
}
