import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Services
import Testing

/// Guessing is slowed without letting a guesser keep the owner out (DESIGN.md, security).
@Suite struct SignInThrottleTests {
    static let owner = "198.51.100.20"

    @Test func guessesFromRotatingAddressesDoNotKeepTheOwnerOut() async throws {
        try await withTestApp { client, _ in
            try await register(client, "lan@example.org")
            #expect(try await signIn(client, "lan@example.org", address: Self.owner).status == .ok)
            for index in 0..<30 {
                _ = try await signIn(client, "lan@example.org", password: "đoán mật khẩu \(index)", address: "203.0.113.\(index)")
            }
            // A stranger's address is refused without the password being checked...
            let stranger = try await signIn(client, "lan@example.org", address: "203.0.113.200")
            try expectProblem(stranger, status: .tooManyRequests, type: "too-many-requests")
            // ...but the owner, from where they signed in before, gets in with the right password.
            #expect(try await signIn(client, "lan@example.org", address: Self.owner).status == .ok)
        }
    }

    @Test func aDeviceTheOwnerSignedInWithGetsThroughFromANewAddress() async throws {
        try await withTestApp { client, _ in
            try await register(client, "hoa@example.org")
            let withDevice = { (address: String) in
                try await signIn(client, "hoa@example.org", address: address, deviceKey: "dk-hoa-phone-0001")
            }
            #expect(try await withDevice("198.51.100.30").status == .ok)
            for index in 0..<30 {
                _ = try await signIn(client, "hoa@example.org", password: "đoán \(index)", address: "203.0.113.\(index)")
            }
            #expect(try await signIn(client, "hoa@example.org", address: "192.0.2.44").status == .tooManyRequests)
            #expect(try await withDevice("192.0.2.44").status == .ok, "the owner's phone on a new network")
        }
    }

    @Test func aCrowdBehindOneAddressKeepsMembersWhoSignedInThereBefore() async throws {
        try await withTestApp { client, _ in
            let school = "192.0.2.50"
            try await register(client, "hoc.sinh@example.org")
            #expect(try await signIn(client, "hoc.sinh@example.org", address: school).status == .ok)
            for index in 0..<51 {
                _ = try await signIn(client, "khong.co.\(index)@example.org", password: "đoán bừa", address: school)
            }
            // The address is blocked for strangers to it...
            try await register(client, "moi.den@example.org")
            #expect(try await signIn(client, "moi.den@example.org", address: school).status == .tooManyRequests)
            // ...not for someone who signed in from it before.
            #expect(try await signIn(client, "hoc.sinh@example.org", address: school).status == .ok)
        }
    }

    @Test func theGuesserIsSlowedEvenFromTheOwnersNetwork() async throws {
        try await withTestApp { client, _ in
            let shared = "192.0.2.60"
            try await register(client, "thu@example.org")
            #expect(try await signIn(client, "thu@example.org", address: shared).status == .ok)
            for index in 0..<6 {
                #expect(try await signIn(client, "thu@example.org", password: "đoán \(index)", address: shared).status == .unauthorized)
            }
            let blocked = try await signIn(client, "thu@example.org", password: "đoán lần nữa", address: shared)
            try expectProblem(blocked, status: .tooManyRequests, type: "too-many-requests")
            #expect(Int(blocked.headers[.retryAfter] ?? "") ?? 0 >= 1)
        }
    }

    @Test func aSuccessfulSignInClearsTheGuessersOwnCount() async throws {
        try await withTestApp { client, _ in
            try await register(client, "tam@example.org")
            #expect(try await signIn(client, "tam@example.org", address: Self.owner).status == .ok)
            // Five failures are free; the owner then gets in, which starts the pair's count again...
            for index in 0..<5 {
                #expect(try await signIn(client, "tam@example.org", password: "gõ nhầm \(index)", address: Self.owner).status == .unauthorized)
            }
            #expect(try await signIn(client, "tam@example.org", address: Self.owner).status == .ok)
            // ...so five more slips are free again, where a sixth in a row would have blocked the pair.
            for index in 5..<10 {
                #expect(try await signIn(client, "tam@example.org", password: "gõ nhầm \(index)", address: Self.owner).status == .unauthorized)
            }
            #expect(try await signIn(client, "tam@example.org", address: Self.owner).status == .ok)
        }
    }

    @Test func aPasswordResetClearsTheAccountsBlock() async throws {
        let notifier = RecordingNotifier()
        try await withTestApp(notifier: notifier) { client, _ in
            let session = try await register(client, "quang@example.org")
            let contactCode = try #require(notifier.lastCode(to: "quang@example.org"))
            let verified = try await client.execute(
                uri: "/v1/me/contacts/verify",
                method: .post,
                headers: bearer(session.accessToken),
                body: json(["contact": "quang@example.org", "code": contactCode])
            )
            #expect(verified.status == .ok)
            for index in 0..<12 {
                _ = try await signIn(client, "quang@example.org", password: "đoán \(index)", address: "203.0.113.\(index)")
            }
            #expect(try await signIn(client, "quang@example.org", address: "192.0.2.70").status == .tooManyRequests)
            _ = try await client.execute(
                uri: "/v1/auth/password-reset",
                method: .post,
                headers: jsonHeaders,
                body: json(["identifier": "quang@example.org"])
            )
            let code = try #require(notifier.all.last { $0.purpose == .passwordReset }?.code)
            let confirmed = try await client.execute(
                uri: "/v1/auth/password-reset/confirm",
                method: .post,
                headers: jsonHeaders,
                body: json(["identifier": "quang@example.org", "code": code, "newPassword": "mưa rơi trên mái nhà cũ"])
            )
            #expect(confirmed.status == .noContent)
            #expect(try await signIn(client, "quang@example.org", password: "mưa rơi trên mái nhà cũ", address: "192.0.2.70").status == .ok)
        }
    }
}
