import App
import CoursePacks
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@Suite struct LearningTests {
    func progress(_ client: some TestClientProtocol, _ session: Session, lesson: String, _ status: String) async throws -> TestResponse {
        try await client.execute(
            uri: "/v1/courses/example-course/lessons/\(lesson)/progress",
            method: .put,
            headers: bearer(session.accessToken).merging(["X-Client": "android"]),
            body: json(["status": status])
        )
    }

    @Test func eachQualifyingActionWritesOneActivityRowAndFirstReachOnce() async throws {
        let clock = TestClock()
        try await withTestApp(clock: clock.wallClock) { client, url in
            try await importPack(client, url: url, examplePack())
            var session = try await register(
                client,
                "hoc.vien@example.org",
                extra: [
                    "province": "ha-noi", "sex": "female", "birthYear": 1950,
                    "consents": currentConsents + [["purpose": "statistics", "version": "2026-11"]],
                ]
            )
            let count = { (sql: String) in try await query(sql, url: url) }

            let enrolled = try await client.execute(
                uri: "/v1/courses/example-course/enrollment",
                method: .post,
                headers: bearer(session.accessToken).merging(["X-Client": "web"])
            )
            #expect(enrolled.status == .created)
            #expect(
                try await client.execute(uri: "/v1/courses/example-course/enrollment", method: .post, headers: bearer(session.accessToken)).status
                    == .ok
            )
            #expect(try await count("SELECT count(*)::int FROM learner_activity WHERE kind = 'enrolled'") == 1, "enrolling again records nothing")
            #expect(
                try await count(
                    "SELECT count(*)::int FROM first_reach WHERE level = 'reached' AND channel = 'web' AND province_code = 'ha-noi' AND sex = 'female' AND age_band = '65+'"
                ) == 1
            )

            clock.advance(by: 24 * 3600)
            session = try decode(Session.self, try await signIn(client, "hoc.vien@example.org"))
            #expect(try await progress(client, session, lesson: "first-lesson", "opened").status == .ok)
            #expect(try await progress(client, session, lesson: "first-lesson", "opened").status == .ok)
            #expect(try await count("SELECT count(*)::int FROM learner_activity WHERE kind = 'opened-lesson'") == 1)
            #expect(try await progress(client, session, lesson: "first-lesson", "completed").status == .ok)
            #expect(try await progress(client, session, lesson: "first-lesson", "completed").status == .ok)
            #expect(try await count("SELECT count(*)::int FROM learner_activity WHERE kind = 'completed-lesson' AND channel = 'android'") == 1)
            #expect(try await count("SELECT count(*)::int FROM first_reach") == 2, "reached and learned")
            #expect(
                try await count("SELECT count(*)::int FROM first_reach WHERE level = 'reached' AND vn_day = '2026-03-01'") == 1,
                "the first-reach row keeps its first day"
            )
            #expect(try await count("SELECT count(*)::int FROM first_reach WHERE level = 'learned' AND vn_day = '2026-03-02'") == 1)

            _ = try await startAttempt(client, session)
            #expect(try await count("SELECT count(*)::int FROM learner_activity WHERE kind = 'started-quiz'") == 1)
        }
    }

    @Test func completionFollowsThePackRuleAndNeverReverts() async throws {
        try await withTestApp { client, url in
            try await importPack(client, url: url, examplePack())
            let session = try await register(client, "hoan.thanh@example.org")
            for lesson in ["first-lesson", "second-lesson"] {
                #expect(try await progress(client, session, lesson: lesson, "completed").status == .ok)
            }
            var body = try object(
                try await client.execute(uri: "/v1/courses/example-course/progress", method: .get, headers: bearer(session.accessToken))
            )
            #expect(body["completed"] as? Bool == false, "the rule also needs the practice quiz passed")

            let attempt = try decode(AttemptDocument.self, try await startAttempt(client, session))
            for (item, answer) in exampleRightAnswers {
                _ = try await saveAnswer(client, session, attempt: attempt.id, item: item, answer)
            }
            _ = try await submit(client, session, attempt: attempt.id)
            body = try object(
                try await client.execute(uri: "/v1/courses/example-course/progress", method: .get, headers: bearer(session.accessToken))
            )
            #expect(body["completed"] as? Bool == true)
            #expect(try await query("SELECT count(*)::int FROM first_reach WHERE level = 'completed-course'", url: url) == 1)

            // A new version adds a lesson: the completion stays, and progress on surviving lessons too.
            try await importPack(
                client,
                url: url,
                examplePack { files in
                    var manifest = files.text("pack.yaml")!
                    manifest = manifest.replacingOccurrences(
                        of: "quizzes:\n  - id: first-lesson-practice",
                        with: """
                              - id: third-lesson
                                title: { vi: Bài ba, en: Lesson three }
                                content: lessons/second-lesson
                                estimatedMinutes: 5
                                competencies: ["4.1"]
                            quizzes:
                              - id: first-lesson-practice
                            """.replacingOccurrences(of: "    ", with: "", options: .anchored)
                    )
                    files.files["pack.yaml"] = Array(manifest.utf8)
                }
            )
            let after = try object(
                try await client.execute(uri: "/v1/courses/example-course/progress", method: .get, headers: bearer(session.accessToken))
            )
            #expect(after["completed"] as? Bool == true, "a completion never reverts")
            #expect(after["lessonCount"] as? Int == 3)
            #expect(after["lessonsCompleted"] as? Int == 2)
            let list = try object(try await client.execute(uri: "/v1/me/enrollments", method: .get, headers: bearer(session.accessToken)))
            #expect((list["items"] as? [[String: Any]])?.first?["courseId"] as? String == "example-course")
        }
    }

    @Test func unknownCoursesLessonsAndBadStatusesAreRefused() async throws {
        try await withTestApp { client, url in
            try await importPack(client, url: url, examplePack())
            let session = try await register(client, "loi@example.org")
            try expectProblem(
                try await client.execute(uri: "/v1/courses/nope/enrollment", method: .post, headers: bearer(session.accessToken)),
                status: .notFound,
                type: "not-found"
            )
            try expectProblem(try await progress(client, session, lesson: "nope", "opened"), status: .notFound, type: "not-found")
            try expectProblem(
                try await progress(client, session, lesson: "first-lesson", "finished"),
                status: .unprocessableContent,
                type: "validation"
            )
            try expectProblem(
                try await client.execute(uri: "/v1/courses/example-course/progress", method: .get, headers: bearer(session.accessToken)),
                status: .notFound,
                type: "not-found"
            )
        }
    }

    @Test func under16sWaitForTheirGuardianBeforeLearning() async throws {
        try await withTestApp { client, url in
            try await importPack(client, url: url, examplePack())
            let child = try await register(client, "be.hoc@example.org", extra: ["birthYear": 2014, "guardianContact": "me.be@example.org"])
            let refused = try await client.execute(uri: "/v1/courses/example-course/enrollment", method: .post, headers: bearer(child.accessToken))
            try expectProblem(refused, status: .forbidden, type: "forbidden")
            try expectProblem(try await startAttempt(client, child), status: .forbidden, type: "forbidden")
        }
    }
}

extension HTTPFields {
    func merging(_ extra: [String: String]) -> HTTPFields {
        var fields = self
        for (name, value) in extra { fields[HTTPField.Name(name)!] = value }
        return fields
    }
}
