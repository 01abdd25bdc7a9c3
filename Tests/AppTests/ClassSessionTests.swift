import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// A training session puts a whole room behind one address (issue 19, item 3): a class code
/// lets its members past the per-address registration limit, up to the class's capacity, and
/// the sign-in throttle lets them in despite their typing.
@Suite struct ClassSessionTests {
    static let room = "192.0.2.80"

    func registerFromTheRoom(_ client: some TestClientProtocol, _ index: Int, code: String?, language: String = "vi") async throws -> TestResponse {
        var headers = jsonHeaders
        headers[.xForwardedFor] = Self.room
        headers[.acceptLanguage] = language
        return try await client.execute(
            uri: "/v1/auth/register",
            method: .post,
            headers: headers,
            body: registration("hoc.vien.\(index)@example.org", extra: code.map { ["classCode": $0] } ?? [:])
        )
    }

    @Test func aClassOf60RegistersAndSignsInFromOneAddress() async throws {
        let clock = TestClock()
        try await withTestApp(clock: clock.wallClock) { client, url in
            try await importPack(client, url: url, examplePack())
            let admin = try await registerAdmin(client, url: url)
            try await OrganisationFixtures.createTree(client, admin: admin)
            let manager = try await OrganisationFixtures.manager(client, of: "truong-ha-noi", admin: admin)
            let created = try await OrganisationFixtures.createClass(client, in: "truong-ha-noi", as: manager, capacity: 60)
            let code = try #require(created.joinCode)

            // Sixty people in ten minutes, one every nine seconds.
            for index in 0..<60 {
                let response = try await registerFromTheRoom(client, index, code: code)
                #expect(response.status == .created, "learner \(index): \(String(buffer: response.body))")
                clock.advance(by: 9)
            }
            #expect(try await query("SELECT count(*)::integer FROM class_memberships WHERE class_id = '\(created.id)'", url: url) == 60)

            // The 61st is told plainly, in their language, that the class is full.
            let vi = try expectProblem(try await registerFromTheRoom(client, 60, code: code), status: .conflict, type: "conflict")
            #expect(vi.detail?.contains("đã đủ chỗ") == true)
            let en = try expectProblem(try await registerFromTheRoom(client, 61, code: code, language: "en"), status: .conflict, type: "conflict")
            #expect(en.detail == "This class is full; its code admits nobody else. Ask the facilitator.")
            #expect(try await query("SELECT count(*)::integer FROM learner_contacts WHERE value LIKE 'hoc.vien.6_@example.org'", url: url) == 0)

            // Everyone signs in from the same address; a third of them mistype their password first.
            for index in 0..<60 {
                if index % 3 == 0 {
                    let mistyped = try await signIn(client, "hoc.vien.\(index)@example.org", password: "gió mùa thu về trên phố!", address: Self.room)
                    #expect(mistyped.status == .unauthorized, "learner \(index) mistyped")
                }
                let response = try await signIn(client, "hoc.vien.\(index)@example.org", address: Self.room)
                #expect(response.status == .ok, "learner \(index) signs in: \(String(buffer: response.body))")
                clock.advance(by: 5)
            }
        }
    }

    @Test func withoutACodeThePerAddressLimitStays() async throws {
        try await withTestApp { client, url in
            let admin = try await registerAdmin(client, url: url)
            try await OrganisationFixtures.createTree(client, admin: admin)
            var statuses: [HTTPResponse.Status] = []
            for index in 0..<11 {
                statuses.append(try await registerFromTheRoom(client, index, code: nil).status)
            }
            // Ten an hour from one address: the eleventh waits.
            #expect(statuses.prefix(10).allSatisfy { $0 == .created })
            #expect(statuses.last == .tooManyRequests)
            // A code that names no class gets no pass either, and says which field is wrong.
            let wrongCode = try await registerFromTheRoom(client, 20, code: "ABCD-EFGH")
            try expectProblem(wrongCode, status: .tooManyRequests, type: "too-many-requests")
        }
    }

    @Test func aWrongCodeIsRefusedOnItsFieldAndStoresNothing() async throws {
        try await withTestApp { client, url in
            let response = try await registerFromTheRoom(client, 1, code: "ZZZZ-ZZZZ")
            let problem = try expectProblem(response, status: .unprocessableContent, type: "validation")
            #expect(problem.errors?.map(\.pointer) == ["/classCode"])
            #expect(try await query("SELECT count(*)::integer FROM learners", url: url) == 0)
        }
    }
}
