import Domain
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import TestSupport
import Testing

/// Classes, their join codes and memberships (issue 19, item 2).
@Suite struct ClassTests {
    /// The tree, the example course, a manager of the Hà Nội school and one of the Huế department.
    func setUp(_ client: some TestClientProtocol, url: String) async throws -> (admin: Session, school: Session, hue: Session) {
        try await importPack(client, url: url, examplePack())
        let admin = try await registerAdmin(client, url: url)
        try await OrganisationFixtures.createTree(client, admin: admin)
        let school = try await OrganisationFixtures.manager(client, of: "truong-ha-noi", admin: admin)
        let hue = try await OrganisationFixtures.manager(client, of: "so-hue", admin: admin)
        return (admin, school, hue)
    }

    func join(_ client: some TestClientProtocol, _ session: Session, code: Any) async throws -> TestResponse {
        try await client.execute(uri: "/v1/me/classes", method: .post, headers: bearer(session.accessToken), body: json(["classCode": code]))
    }

    @Test func aManagerCreatesAClassWhoseCodeCanBeTypedFromAProjector() async throws {
        try await withTestApp { client, url in
            let (_, school, _) = try await setUp(client, url: url)
            let created = try await OrganisationFixtures.createClass(client, in: "truong-ha-noi", as: school)
            let code = try #require(created.joinCode)
            #expect(code.count == 8)
            #expect(code.allSatisfy { "ABCDEFGHJKMNPQRSTUVWXYZ23456789".contains($0) }, "no 0, O, 1, I or L")
            #expect(created.seatsTaken == 0 && created.capacity == 30)

            let read = try await client.execute(uri: "/v1/classes/\(created.id)", method: .get, headers: bearer(school.accessToken))
            #expect(try decode(ClassDocument.self, read).joinCode == code, "managers read the code back as text")
            let list = try await client.execute(uri: "/v1/organisations/truong-ha-noi/classes", method: .get, headers: bearer(school.accessToken))
            #expect((try object(list)["items"] as? [[String: Any]])?.map { $0["id"] as? String } == [created.id])
        }
    }

    /// A facilitator's retry on a bad network gets the class its first request made, not a
    /// second class with another code; the same key with another body is refused.
    @Test func aRepeatedCreationWithItsIdempotencyKeyMakesOneClass() async throws {
        try await withTestApp { client, url in
            let (_, school, hue) = try await setUp(client, url: url)
            let body: [String: Any] = [
                "name": "Lớp chiều thứ Bảy", "courseIds": ["example-course"], "startsOn": "2026-03-01", "endsOn": "2026-03-31", "capacity": 40,
            ]
            func create(_ session: Session, key: String, _ body: [String: Any]) async throws -> TestResponse {
                var headers = bearer(session.accessToken)
                headers[HTTPField.Name("Idempotency-Key")!] = key
                return try await client.execute(uri: "/v1/organisations/truong-ha-noi/classes", method: .post, headers: headers, body: json(body))
            }
            let first = try await create(school, key: "lop-thu-bay-1", body)
            #expect(first.status == .created)
            let repeated = try await create(school, key: "lop-thu-bay-1", body)
            #expect(repeated.status == .created)
            let (made, again) = (try decode(ClassDocument.self, first), try decode(ClassDocument.self, repeated))
            #expect(again.id == made.id && again.joinCode == made.joinCode, "the repeat gets the class already made")
            #expect(try await query("SELECT count(*)::integer FROM classes", url: url) == 1)

            var changed = body
            changed["capacity"] = 45
            let reused = try await create(school, key: "lop-thu-bay-1", changed)
            _ = try expectProblem(reused, status: .unprocessableContent, type: "idempotency-key-reused")
            // Keys are per caller: another branch's manager with the same key is refused as
            // anyone else is, and learns nothing of the first class.
            _ = try expectProblem(try await create(hue, key: "lop-thu-bay-1", body), status: .notFound, type: "not-found")
            let unkeyed = try await client.execute(
                uri: "/v1/organisations/truong-ha-noi/classes",
                method: .post,
                headers: bearer(school.accessToken),
                body: json(body)
            )
            #expect(unkeyed.status == .created, "without a key, each request makes a class")
            #expect(try await query("SELECT count(*)::integer FROM classes", url: url) == 2)
        }
    }

    @Test func aBadClassIsRefusedNamingEveryField() async throws {
        try await withTestApp { client, url in
            let (_, school, _) = try await setUp(client, url: url)
            let response = try await client.execute(
                uri: "/v1/organisations/truong-ha-noi/classes",
                method: .post,
                headers: bearer(school.accessToken),
                body: json(["courseIds": ["Không hợp lệ"], "startsOn": "2026-03-10", "endsOn": "2026-03-01", "capacity": 0, "facilitator": 3])
            )
            let problem = try expectProblem(response, status: .unprocessableContent, type: "validation")
            #expect(Set(problem.errors?.map(\.pointer) ?? []) == ["/name", "/courseIds/0", "/endsOn", "/capacity", "/facilitator"])

            let unknown = try await client.execute(
                uri: "/v1/organisations/truong-ha-noi/classes",
                method: .post,
                headers: bearer(school.accessToken),
                body: json([
                    "name": "Lớp", "courseIds": ["khong-co"], "programId": "example-course", "startsOn": "2026-03-01", "endsOn": "2026-03-02",
                    "capacity": 5,
                ])
            )
            let unknownProblem = try expectProblem(unknown, status: .unprocessableContent, type: "validation")
            #expect(Set(unknownProblem.errors?.map(\.pointer) ?? []) == ["/courseIds/0", "/programId"])
            #expect(try await query("SELECT count(*)::integer FROM classes", url: url) == 0)
        }
    }

    @Test func anotherBranchsClassIsNotFound() async throws {
        try await withTestApp { client, url in
            let (admin, school, hue) = try await setUp(client, url: url)
            let hueClass = try await OrganisationFixtures.createClass(client, in: "truong-hue", as: hue)
            let province = try await OrganisationFixtures.manager(client, of: "so-ha-noi", admin: admin)
            // The province manager runs the classes of the schools under it.
            let schoolClass = try await OrganisationFixtures.createClass(client, in: "truong-ha-noi", as: province)
            #expect(try await client.execute(uri: "/v1/classes/\(schoolClass.id)", method: .get, headers: bearer(school.accessToken)).status == .ok)

            for session in [school, province] {
                for (method, path) in [
                    (HTTPRequest.Method.get, "/v1/classes/\(hueClass.id)"),
                    (.get, "/v1/classes/\(hueClass.id)/progress"),
                    (.get, "/v1/classes/\(hueClass.id)/join-code"),
                    (.post, "/v1/classes/\(hueClass.id)/join-code"),
                    (.delete, "/v1/classes/\(hueClass.id)/join-code"),
                    (.get, "/v1/organisations/truong-hue/classes"),
                    (.get, "/v1/classes/not-a-uuid"),
                ] {
                    let response = try await client.execute(uri: path, method: method, headers: bearer(session.accessToken))
                    try expectProblem(response, status: .notFound, type: "not-found")
                }
                let create = try await client.execute(
                    uri: "/v1/organisations/truong-hue/classes",
                    method: .post,
                    headers: bearer(session.accessToken),
                    body: json(["name": "Lớp lạ", "courseIds": ["example-course"], "startsOn": "2026-03-01", "endsOn": "2026-03-02", "capacity": 5])
                )
                try expectProblem(create, status: .notFound, type: "not-found")
            }
            let learner = try await register(client, "hoc.vien@example.org")
            let refused = try await client.execute(uri: "/v1/classes/\(hueClass.id)", method: .get, headers: bearer(learner.accessToken))
            try expectProblem(refused, status: .forbidden, type: "forbidden")
            let read = try await client.execute(uri: "/v1/classes/\(hueClass.id)", method: .get, headers: bearer(hue.accessToken))
            #expect(try decode(ClassDocument.self, read).joinCode == hueClass.joinCode, "another branch's code never changed")
        }
    }

    @Test func aReplacedCodeStopsWorkingAndARevokedOneAdmitsNobody() async throws {
        try await withTestApp { client, url in
            let (_, school, _) = try await setUp(client, url: url)
            let created = try await OrganisationFixtures.createClass(client, in: "truong-ha-noi", as: school)
            let old = try #require(created.joinCode)
            let replaced = try await client.execute(uri: "/v1/classes/\(created.id)/join-code", method: .post, headers: bearer(school.accessToken))
            let new = try #require(try decode(ClassDocument.self, replaced).joinCode)
            #expect(new != old)

            let learner = try await register(client, "an@example.org")
            let stale = try expectProblem(try await join(client, learner, code: old), status: .unprocessableContent, type: "validation")
            #expect(stale.errors?.map(\.pointer) == ["/classCode"])
            // Typed as people do: lower case, with a hyphen in the middle.
            let typed = new.prefix(4).lowercased() + "-" + new.dropFirst(4).lowercased()
            let joined = try await join(client, learner, code: typed)
            #expect(joined.status == .created)
            #expect(try object(joined)["classId"] as? String == created.id)

            #expect(
                try await client.execute(uri: "/v1/classes/\(created.id)/join-code", method: .delete, headers: bearer(school.accessToken)).status
                    == .noContent
            )
            let other = try await register(client, "binh@example.org")
            try expectProblem(try await join(client, other, code: new), status: .unprocessableContent, type: "validation")
            let read = try await client.execute(uri: "/v1/classes/\(created.id)", method: .get, headers: bearer(school.accessToken))
            #expect(try object(read)["joinCode"] == nil)
            #expect(try decode(ClassDocument.self, read).seatsTaken == 1)
        }
    }

    /// The code as a QR image for the projector: what a phone's reader gets from it is the code as
    /// people type it, and a withdrawn code has no image.
    @Test func theJoinCodeIsAQRCodeAPhoneCanRead() async throws {
        try await withTestApp { client, url in
            let (_, school, _) = try await setUp(client, url: url)
            let created = try await OrganisationFixtures.createClass(client, in: "truong-ha-noi", as: school)
            let code = try #require(created.joinCode)
            let image = try await client.execute(
                uri: "/v1/classes/\(created.id)/join-code",
                method: .get,
                headers: [.authorization: "Bearer \(school.accessToken)", .accept: "image/svg+xml"]
            )
            #expect(image.status == .ok)
            #expect(image.headers[.contentType] == "image/svg+xml")
            #expect(image.headers[.contentSecurityPolicy]?.contains("default-src 'none'") == true, "an image that can never run script")
            let svg = String(buffer: image.body)
            #expect(svg.contains("<title>") && svg.contains(String(code.prefix(4))) && !svg.contains("<script"))
            #expect(try await ZBarDecoder.decode(svg: svg) == "\(code.prefix(4))-\(code.suffix(4))")

            let learner = try await register(client, "chi.xem@example.org")
            let refused = try await client.execute(uri: "/v1/classes/\(created.id)/join-code", method: .get, headers: bearer(learner.accessToken))
            try expectProblem(refused, status: .forbidden, type: "forbidden")
            let anonymous = try await client.execute(uri: "/v1/classes/\(created.id)/join-code", method: .get)
            #expect(anonymous.status == .unauthorized)

            _ = try await client.execute(uri: "/v1/classes/\(created.id)/join-code", method: .delete, headers: bearer(school.accessToken))
            let withdrawn = try await client.execute(uri: "/v1/classes/\(created.id)/join-code", method: .get, headers: bearer(school.accessToken))
            try expectProblem(withdrawn, status: .notFound, type: "not-found")
        }
    }

    @Test func membersJoinLaterAndLeaveWithDates() async throws {
        let clock = TestClock()
        try await withTestApp(clock: clock.wallClock) { client, url in
            let (_, school, _) = try await setUp(client, url: url)
            let created = try await OrganisationFixtures.createClass(client, in: "truong-ha-noi", as: school)
            let learner = try await register(client, "chi@example.org")
            let bad = try expectProblem(try await join(client, learner, code: 12_345_678), status: .unprocessableContent, type: "validation")
            #expect(bad.errors?.map(\.pointer) == ["/classCode"])
            try expectProblem(try await join(client, learner, code: "0OIL1OIL"), status: .unprocessableContent, type: "validation")

            #expect(try await join(client, learner, code: created.joinCode!).status == .created)
            #expect(try await join(client, learner, code: created.joinCode!).status == .created, "joining again changes nothing")
            clock.advance(by: 600)
            let leave = { try await client.execute(uri: "/v1/me/classes/\(created.id)", method: .delete, headers: bearer(learner.accessToken)) }
            #expect(try await leave().status == .noContent)
            try expectProblem(try await leave(), status: .notFound, type: "not-found")
            #expect(
                try await query(
                    "SELECT extract(epoch FROM left_at - joined_at)::integer FROM class_memberships WHERE class_id = '\(created.id)'",
                    url: url
                ) == 600
            )
            #expect(try await query("SELECT seats_taken FROM classes", url: url) == 1)
            #expect(try await join(client, learner, code: created.joinCode!).status == .created, "someone who left comes back on their seat")
            #expect(try await query("SELECT seats_taken FROM classes", url: url) == 1)
        }
    }

    @Test func concurrentRegistrationsNeverTakeMoreThanTheCapacity() async throws {
        try await withTestApp { client, url in
            let (_, school, _) = try await setUp(client, url: url)
            let created = try await OrganisationFixtures.createClass(client, in: "truong-ha-noi", as: school, capacity: 3)
            let statuses = try await withThrowingTaskGroup(of: HTTPResponse.Status.self) { group in
                for index in 0..<8 {
                    group.addTask {
                        var headers = jsonHeaders
                        headers[.xForwardedFor] = "192.0.2.90"
                        return try await client.execute(
                            uri: "/v1/auth/register",
                            method: .post,
                            headers: headers,
                            body: registration("cung.luc.\(index)@example.org", extra: ["classCode": created.joinCode!])
                        ).status
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(statuses.filter { $0 == .created }.count == 3)
            #expect(statuses.filter { $0 == .conflict }.count == 5)
            #expect(try await query("SELECT count(*)::integer FROM class_memberships", url: url) == 3)
            #expect(try await query("SELECT count(*)::integer FROM learners WHERE roles = '{}'", url: url) == 3 + 2, "no account without its seat")
        }
    }
}
