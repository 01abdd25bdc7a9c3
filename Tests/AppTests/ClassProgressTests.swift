import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// What a class's managers see of its progress (issue 19, item 5): counts always, a person's own
/// progress only with their `organisation` consent, and every such read audited.
@Suite struct ClassProgressTests {
    static let organisationConsent = ["purpose": "organisation", "version": "2026-11"]

    struct Progress: Decodable {
        struct Course: Decodable {
            var courseId: String
            var enrolled: Int
            var completed: Int
        }

        struct Member: Decodable {
            var learnerId: String
            var coursesEnrolled: [String]
            var coursesCompleted: [String]
            var practiceQuizzesPassed: Int
            var certified: Bool
        }

        var joined: Int
        var started: Int
        var courses: [Course]
        var passedPracticeQuiz: Int
        var certified: Int
        var members: [Member]
    }

    func progress(_ client: some TestClientProtocol, _ classID: String, as session: Session) async throws -> Progress {
        let response = try await client.execute(uri: "/v1/classes/\(classID)/progress", method: .get, headers: bearer(session.accessToken))
        #expect(response.status == .ok, "\(String(buffer: response.body))")
        return try decode(Progress.self, response)
    }

    func passPractice(_ client: some TestClientProtocol, _ session: Session) async throws {
        let attempt = try decode(AttemptDocument.self, try await startAttempt(client, session))
        for item in attempt.items {
            #expect(try await saveAnswer(client, session, attempt: attempt.id, item: item.id, exampleRightAnswers[item.id]!).status == .ok)
        }
        #expect(try object(try await submit(client, session, attempt: attempt.id))["passed"] as? Bool == true)
    }

    @Test func countsEqualARecountAndOnlyConsentingMembersAppearAuditedEveryTime() async throws {
        try await withTestApp { client, url in
            try await importPack(client, url: url, examplePack())
            let admin = try await registerAdmin(client, url: url)
            try await OrganisationFixtures.createTree(client, admin: admin)
            let manager = try await OrganisationFixtures.manager(client, of: "so-ha-noi", admin: admin)
            let created = try await OrganisationFixtures.createClass(client, in: "truong-ha-noi", as: manager)
            let code = try #require(created.joinCode)

            let consenting = [currentConsents[0], Self.organisationConsent]
            let an = try await register(client, "an@example.org", extra: ["classCode": code, "consents": consenting])
            let binh = try await register(client, "binh@example.org", extra: ["classCode": code])
            let chi = try await register(client, "chi@example.org", extra: ["classCode": code, "consents": consenting])
            let left = try await register(client, "dung@example.org", extra: ["classCode": code, "consents": consenting])
            let outsider = try await register(client, "em@example.org")
            for session in [an, binh, left, outsider] {
                #expect(
                    try await client.execute(uri: "/v1/courses/example-course/enrollment", method: .post, headers: bearer(session.accessToken)).status
                        == .created
                )
            }
            try await passPractice(client, an)
            try await passPractice(client, outsider)
            #expect(
                try await client.execute(uri: "/v1/me/classes/\(created.id)", method: .delete, headers: bearer(left.accessToken)).status == .noContent
            )

            let me = try object(try await client.execute(uri: "/v1/me", method: .get, headers: bearer(an.accessToken)))
            #expect((me["consents"] as? [[String: Any]])?.compactMap { $0["purpose"] as? String }.sorted() == ["organisation", "terms"])

            let first = try await progress(client, created.id, as: manager)
            let members = "SELECT learner_id FROM class_memberships WHERE class_id = '\(created.id)' AND left_at IS NULL"
            #expect(first.joined == (try await query("SELECT count(*)::integer FROM (\(members)) m", url: url)))
            #expect(first.joined == 3)
            #expect(
                first.started
                    == (try await query(
                        "SELECT count(DISTINCT learner_id)::integer FROM enrollments WHERE course_id = 'example-course' AND learner_id IN (\(members))",
                        url: url
                    ))
            )
            #expect(first.started == 2)
            #expect(first.courses.map(\.courseId) == ["example-course"])
            #expect(first.courses.first?.enrolled == 2)
            #expect(
                first.courses.first?.completed
                    == (try await query(
                        "SELECT count(completed_at)::integer FROM enrollments WHERE course_id = 'example-course' AND learner_id IN (\(members))",
                        url: url
                    ))
            )
            #expect(
                first.passedPracticeQuiz
                    == (try await query(
                        "SELECT count(DISTINCT learner_id)::integer FROM attempts WHERE passed AND learner_id IN (\(members))",
                        url: url
                    ))
            )
            #expect(first.passedPracticeQuiz == 1)
            #expect(first.certified == 0)
            #expect(Set(first.members.map(\.learnerId)) == [an.learnerId, chi.learnerId], "only current members who consented")
            let anRow = try #require(first.members.first { $0.learnerId == an.learnerId })
            #expect(anRow.coursesEnrolled == ["example-course"] && anRow.practiceQuizzesPassed == 1 && !anRow.certified)

            let reads = "SELECT count(*)::integer FROM progress_reads WHERE reader_id = '\(manager.learnerId)'"
            #expect(try await query(reads, url: url) == 2, "one audited read per person shown")

            // Withdrawing the consent takes the person out of the next read.
            let withdrawn = try await client.execute(
                uri: "/v1/me",
                method: .patch,
                headers: bearer(chi.accessToken),
                body: json(["withdrawConsents": ["organisation"]])
            )
            #expect(withdrawn.status == .ok, "\(String(buffer: withdrawn.body))")
            let second = try await progress(client, created.id, as: manager)
            #expect(second.members.map(\.learnerId) == [an.learnerId])
            #expect(second.joined == 3, "the counts do not depend on consent")
            #expect(try await query(reads, url: url) == 3)
            #expect(try await query("SELECT count(*)::integer FROM progress_reads WHERE learner_id = '\(chi.learnerId)'", url: url) == 1)

            // The CSV: totals first, then one row per consenting member; never an answer.
            var headers = bearer(manager.accessToken)
            headers[.accept] = "text/csv"
            let csv = try await client.execute(uri: "/v1/classes/\(created.id)/progress", method: .get, headers: headers)
            #expect(csv.status == .ok)
            let text = String(buffer: csv.body)
            let lines = text.split(separator: "\r\n")
            #expect(lines.count == 3)
            #expect(lines.first?.hasSuffix("learnerId,displayName,joinedAt,joined,started,courses,passedPracticeQuizzes,certified") == true)
            #expect(lines.dropFirst(2).first?.hasPrefix(an.learnerId) == true)
            #expect(!text.contains("optionIds") && !text.contains("report-spam"))
            #expect(try await query(reads, url: url) == 4)
        }
    }

    @Test func progressIsForTheClassesManagersOnly() async throws {
        try await withTestApp { client, url in
            try await importPack(client, url: url, examplePack())
            let admin = try await registerAdmin(client, url: url)
            try await OrganisationFixtures.createTree(client, admin: admin)
            let manager = try await OrganisationFixtures.manager(client, of: "truong-ha-noi", admin: admin)
            let otherBranch = try await OrganisationFixtures.manager(client, of: "so-hue", admin: admin)
            let created = try await OrganisationFixtures.createClass(client, in: "truong-ha-noi", as: manager)
            let member = try await register(
                client,
                "an@example.org",
                extra: ["classCode": created.joinCode!, "consents": [currentConsents[0], Self.organisationConsent]]
            )

            let path = "/v1/classes/\(created.id)/progress"
            try expectProblem(
                try await client.execute(uri: path, method: .get, headers: bearer(member.accessToken)),
                status: .forbidden,
                type: "forbidden"
            )
            try expectProblem(
                try await client.execute(uri: path, method: .get, headers: bearer(otherBranch.accessToken)),
                status: .notFound,
                type: "not-found"
            )
            try expectProblem(try await client.execute(uri: path, method: .get, headers: jsonHeaders), status: .unauthorized, type: "unauthorized")
            #expect(try await query("SELECT count(*)::integer FROM progress_reads", url: url) == 0, "a refused read records nothing")
            #expect(try await progress(client, created.id, as: admin).members.count == 1)
        }
    }
}
