import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Persistence
import PostgresNIO
import TestSupport
import Testing

/// Extra exam time: granted and withdrawn by administrators, audited, shown to the learner before
/// the exam and applied by the server's deadline.
@Suite struct AccommodationTests {
    static func accommodation(of learner: Session) -> String { "/v1/admin/users/\(learner.learnerId)/accommodation" }

    static func grant(_ client: some TestClientProtocol, _ admin: Session, to learner: Session, _ body: [String: Any]) async throws -> TestResponse {
        try await client.execute(uri: accommodation(of: learner), method: .put, headers: bearer(admin.accessToken), body: json(body))
    }

    static func examProgramme(_ client: some TestClientProtocol, _ session: Session) async throws -> [String: Any] {
        let list = try object(try await client.execute(uri: "/v1/certifications", method: .get, headers: bearer(session.accessToken)))
        return try #require((list["items"] as? [[String: Any]])?.first { $0["id"] as? String == "cyber-safety-certificate" })
    }

    static func auditActions(url: String, target: Session) async throws -> [String] {
        try await TestDatabase.withDatabase(url: url) { database in
            try await database.withConnection { connection in
                let rows = try await connection.query(
                    "SELECT action FROM admin_audit WHERE target_id = \(UUID(uuidString: target.learnerId)!) ORDER BY audit_id",
                    logger: database.logger
                )
                var actions: [String] = []
                for try await action in rows.decode(String.self) { actions.append(action) }
                return actions
            }
        }
    }

    /// A 60-minute exam at 150% shows 90 minutes before the start and ends 90 minutes after it;
    /// another learner keeps the standard hour and sees nothing of it.
    @Test func extraTimeIsShownBeforeTheStartAndSetsTheDeadline() async throws {
        try await withTestApp { client, url in
            try await CertificationTests.importProgramme(client, url: url)
            let admin = try await registerAdmin(client, url: url)
            let granted = try await register(client, "them.gio@example.org")
            let other = try await register(client, "gio.chuan@example.org")
            for session in [granted, other] { try await CertificationTests.completePrerequisite(client, session) }

            let response = try await Self.grant(client, admin, to: granted, ["timePercent": 150, "reason": "disability"])
            #expect(response.status == .ok, "\(String(buffer: response.body))")
            let body = try object(response)
            #expect(body["timePercent"] as? Int == 150 && body["reason"] as? String == "disability")

            #expect(try await Self.examProgramme(client, granted)["accommodatedTimeLimitMinutes"] as? Int == 90)
            #expect(try await Self.examProgramme(client, granted)["timeLimitMinutes"] as? Int == 60)
            #expect(try await Self.examProgramme(client, other)["accommodatedTimeLimitMinutes"] == nil)

            let long = try decode(AttemptDocument.self, try await CertificationTests.startExam(client, granted))
            let standard = try decode(AttemptDocument.self, try await CertificationTests.startExam(client, other))
            #expect(long.deadline == testNow.addingTimeInterval(90 * 60))
            #expect(standard.deadline == testNow.addingTimeInterval(60 * 60))

            let export = try object(try await client.execute(uri: "/v1/me/export", method: .get, headers: bearer(granted.accessToken)))
            #expect((export["accommodation"] as? [String: Any])?["timePercent"] as? Int == 150)
            #expect(try await Self.auditActions(url: url, target: granted) == ["grant-accommodation"])
        }
    }

    @Test func withdrawingRestoresTheStandardTimeAndIsAudited() async throws {
        try await withTestApp { client, url in
            try await CertificationTests.importProgramme(client, url: url)
            let admin = try await registerAdmin(client, url: url)
            let learner = try await register(client, "rut.lai@example.org")
            #expect(try await Self.grant(client, admin, to: learner, ["timePercent": 200, "reason": "age"]).status == .ok)
            // Granting again replaces the grant.
            #expect(try await Self.grant(client, admin, to: learner, ["timePercent": 125, "reason": "low-literacy"]).status == .ok)
            #expect(try await Self.examProgramme(client, learner)["accommodatedTimeLimitMinutes"] as? Int == 75)

            let withdraw = try await client.execute(uri: Self.accommodation(of: learner), method: .delete, headers: bearer(admin.accessToken))
            #expect(withdraw.status == .noContent)
            #expect(try await Self.examProgramme(client, learner)["accommodatedTimeLimitMinutes"] == nil)
            let again = try await client.execute(uri: Self.accommodation(of: learner), method: .delete, headers: bearer(admin.accessToken))
            #expect(again.status == .notFound)
            #expect(
                try await Self.auditActions(url: url, target: learner) == ["grant-accommodation", "grant-accommodation", "withdraw-accommodation"]
            )
        }
    }

    /// The grant is the person's data: it goes with everything else when they erase their account.
    @Test func erasureRemovesTheGrant() async throws {
        try await withTestApp { client, url in
            let admin = try await registerAdmin(client, url: url)
            let learner = try await register(client, "xoa.het@example.org")
            #expect(try await Self.grant(client, admin, to: learner, ["timePercent": 150, "reason": "age"]).status == .ok)
            let erase = try await client.execute(
                uri: "/v1/me",
                method: .delete,
                headers: bearer(learner.accessToken),
                body: json(["password": "gió mùa thu về trên phố"])
            )
            #expect(erase.status == .noContent)
            let left = try await TestDatabase.withDatabase(url: url) { database in
                try await database.withConnection { connection in
                    try await connection.query("SELECT count(*) FROM learner_accommodations", logger: database.logger).collect().first?.decode(
                        Int.self
                    )
                }
            }
            #expect(left == 0)
        }
    }

    /// Two wrong fields of different kinds: one 422 naming both, and nothing stored.
    @Test func aBadGrantNamesEveryFieldAndStoresNothing() async throws {
        try await withTestApp { client, url in
            try await CertificationTests.importProgramme(client, url: url)
            let admin = try await registerAdmin(client, url: url)
            let learner = try await register(client, "sai.so@example.org")
            let response = try await Self.grant(client, admin, to: learner, ["timePercent": 300, "reason": 7])
            #expect(response.status == .unprocessableContent)
            let pointers = (try object(response)["errors"] as? [[String: Any]])?.compactMap { $0["pointer"] as? String }
            #expect(pointers == ["/timePercent", "/reason"])
            #expect(try await Self.examProgramme(client, learner)["accommodatedTimeLimitMinutes"] == nil)
            #expect(try await Self.auditActions(url: url, target: learner).isEmpty)
        }
    }

    /// Only administrators grant or withdraw: not the person, not another learner, not anonymous.
    @Test func onlyAdministratorsGrantOrWithdraw() async throws {
        try await withTestApp { client, url in
            let admin = try await registerAdmin(client, url: url)
            let learner = try await register(client, "tu.cap@example.org")
            let other = try await register(client, "nguoi.khac@example.org")
            let body = ["timePercent": 200, "reason": "other"] as [String: Any]
            let anonymous = try await client.execute(uri: Self.accommodation(of: learner), method: .put, headers: jsonHeaders, body: json(body))
            #expect(anonymous.status == .unauthorized)
            #expect(try await Self.grant(client, learner, to: learner, body).status == .forbidden)
            #expect(try await Self.grant(client, other, to: learner, body).status == .forbidden)
            let withdraw = try await client.execute(uri: Self.accommodation(of: learner), method: .delete, headers: bearer(other.accessToken))
            #expect(withdraw.status == .forbidden)

            let unknown = try await client.execute(
                uri: "/v1/admin/users/\(UUID())/accommodation",
                method: .put,
                headers: bearer(admin.accessToken),
                body: json(body)
            )
            #expect(unknown.status == .notFound)
            let malformed = try await client.execute(
                uri: "/v1/admin/users/not-a-uuid/accommodation",
                method: .put,
                headers: bearer(admin.accessToken),
                body: json(body)
            )
            #expect(malformed.status == .notFound)
            #expect(try await Self.auditActions(url: url, target: learner).isEmpty)
        }
    }
}
