import CoursePacks
import Credentials
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Services
import TestSupport
import Testing

@testable import App

@Suite struct AttemptTests {
    @Test func startSaveSubmitReviewAndTheKeysStayHiddenUntilReview() async throws {
        try await withTestApp { client, url in
            try await importPack(client, url: url, examplePack())
            let session = try await register(client, "lam.bai@example.org")
            let started = try await startAttempt(client, session)
            #expect(started.status == .created)
            let attempt = try decode(AttemptDocument.self, started)
            #expect(attempt.items.map(\.id).sorted() == exampleRightAnswers.keys.sorted())
            #expect(attempt.deadline == nil, "the example quiz has no time limit")
            let ordering = try #require(attempt.items.first { $0.id == "ex-ordering" })
            #expect(ordering.options.map(\.id) != ["open", "choose", "install"], "an ordering item never shows its answer")

            let secrets = ["Bốn từ ngẫu nhiên dài", "Four random words are long", "explanation", "accepted", "OTP code", "correctAnswer"]
            func expectNoSecrets(_ response: TestResponse, _ what: String) {
                let text = String(buffer: response.body)
                for secret in secrets { #expect(!text.contains(secret), "\(what) shows \(secret)") }
            }
            expectNoSecrets(started, "the started attempt")
            for (item, answer) in exampleRightAnswers {
                let saved = try await saveAnswer(client, session, attempt: attempt.id, item: item, answer)
                #expect(saved.status == .ok, "\(item): \(String(buffer: saved.body))")
            }
            let again = try await client.execute(uri: "/v1/attempts/\(attempt.id)", method: .get, headers: bearer(session.accessToken))
            #expect(try decode(AttemptDocument.self, again).items.map(\.id) == attempt.items.map(\.id), "the same items in the same order")
            expectNoSecrets(again, "the attempt read again")
            expectNoSecrets(try await client.execute(uri: "/v1/me/export", method: .get, headers: bearer(session.accessToken)), "the export")
            let early = try await client.execute(uri: "/v1/attempts/\(attempt.id)/review", method: .get, headers: bearer(session.accessToken))
            try expectProblem(early, status: .conflict, type: "conflict")

            let result = try await submit(client, session, attempt: attempt.id)
            #expect(result.status == .ok)
            let body = try object(result)
            #expect(body["score"] as? Double == 1)
            #expect(body["passed"] as? Bool == true)
            // The items' grades and the attempt's close are one statement: both must be stored.
            let stored = try await query(
                "SELECT count(*) FILTER (WHERE i.earned = 1 AND i.correct) || '/' || count(*) || ' ' || a.score || ' ' || a.close_reason "
                    + "FROM attempt_items i JOIN attempts a USING (learner_id, attempt_id) "
                    + "WHERE i.attempt_id = '\(attempt.id)' GROUP BY a.score, a.close_reason",
                url: url,
                as: String.self
            )
            #expect(stored == "\(attempt.items.count)/\(attempt.items.count) 1 submitted")

            let review = try await client.execute(
                uri: "/v1/attempts/\(attempt.id)/review",
                method: .get,
                headers: [.authorization: "Bearer \(session.accessToken)", .acceptLanguage: "en"]
            )
            #expect(review.status == .ok)
            let items = try #require(try object(review)["items"] as? [[String: Any]])
            let single = try #require(items.first { $0["id"] as? String == "ex-single" })
            #expect(single["correct"] as? Bool == true)
            #expect((single["correctAnswer"] as? [String: Any])?["optionIds"] as? [String] == ["b"])
            #expect((single["explanation"] as? String)?.hasPrefix("Four random words") == true)

            let closed = try await saveAnswer(client, session, attempt: attempt.id, item: "ex-single", ["optionIds": ["a"]])
            try expectProblem(closed, status: .conflict, type: "conflict")
        }
    }

    /// A save writes before it checks the answer against the question, so a refused answer must
    /// leave what was stored as it was: the earlier answer, and nothing in the other items.
    @Test func answersThatDoNotFitTheItemAre422AndChangeNothingStored() async throws {
        try await withTestApp { client, url in
            try await importPack(client, url: url, examplePack())
            let session = try await register(client, "sai.dang@example.org")
            let attempt = try decode(AttemptDocument.self, try await startAttempt(client, session))
            #expect(try await saveAnswer(client, session, attempt: attempt.id, item: "ex-single", ["optionIds": ["b"]]).status == .ok)
            let stored =
                "SELECT string_agg(question_id || '=' || answer::text, ';' ORDER BY question_id) FROM attempt_items "
                + "WHERE attempt_id = '\(attempt.id)' AND answer IS NOT NULL"
            let before = try await query(stored, url: url, as: String.self)
            #expect(before.hasPrefix("ex-single=") && !before.contains(";"))
            for (item, body) in [
                ("ex-single", ["optionIds": ["a", "b"]]), ("ex-single", ["text": "b"]), ("ex-ordering", ["order": ["open"]]),
                ("ex-matching", ["pairs": ["spam": "nowhere"]]), ("ex-multiple", ["optionIds": ["zzz"]]),
                ("ex-short", ["text": 5]), ("ex-single", ["optionIds": ["b"], "text": "x"]),
            ] as [(String, [String: Any])] {
                try expectProblem(
                    try await saveAnswer(client, session, attempt: attempt.id, item: item, body),
                    status: .unprocessableContent,
                    type: "validation"
                )
            }
            try expectProblem(
                try await saveAnswer(client, session, attempt: attempt.id, item: "nope", ["optionIds": ["a"]]),
                status: .notFound,
                type: "not-found"
            )
            #expect(try await query(stored, url: url, as: String.self) == before)
        }
    }

    @Test func partialAnswersGetPartialCreditAndFailBelowThePassMark() async throws {
        try await withTestApp { client, url in
            try await importPack(client, url: url, examplePack())
            let session = try await register(client, "mot.nua@example.org")
            let attempt = try decode(AttemptDocument.self, try await startAttempt(client, session))
            _ = try await saveAnswer(client, session, attempt: attempt.id, item: "ex-single", ["optionIds": ["b"]])
            _ = try await saveAnswer(client, session, attempt: attempt.id, item: "ex-multiple", ["optionIds": ["a"]])
            _ = try await saveAnswer(
                client,
                session,
                attempt: attempt.id,
                item: "ex-matching",
                ["pairs": ["spam": "report-spam", "danger": "nobody"]]
            )
            let result = try object(try await submit(client, session, attempt: attempt.id))
            #expect(abs((result["score"] as? Double ?? 0) - 2.0 / 6.0) < 1e-9, "1 + 0.5 + 0.5 of 6")
            #expect(result["passed"] as? Bool == false)
        }
    }

    @Test func deadlineGraceAndClosingAsOfTheDeadline() async throws {
        let clock = TestClock()
        try await withTestApp(clock: clock.wallClock) { client, url in
            try await importPack(client, url: url, examplePack(quizSettings: "    timeLimitMinutes: 1\n"))
            let session = try await register(client, "dung.gio@example.org")
            let attempt = try decode(AttemptDocument.self, try await startAttempt(client, session))
            #expect(attempt.deadline != nil)
            _ = try await saveAnswer(client, session, attempt: attempt.id, item: "ex-single", ["optionIds": ["b"]])
            clock.advance(by: 61)
            try expectProblem(
                try await saveAnswer(client, session, attempt: attempt.id, item: "ex-true-false", ["optionIds": ["true"]]),
                status: .conflict,
                type: "conflict"
            )
            clock.advance(by: 29)
            #expect(try await submit(client, session, attempt: attempt.id).status == .ok, "a submit within the grace counts")

            let late = try decode(AttemptDocument.self, try await startAttempt(client, session))
            _ = try await saveAnswer(client, session, attempt: late.id, item: "ex-single", ["optionIds": ["b"]])
            clock.advance(by: 60 + 31)
            try expectProblem(try await submit(client, session, attempt: late.id), status: .conflict, type: "conflict")
            let closed = try await client.execute(uri: "/v1/attempts/\(late.id)", method: .get, headers: bearer(session.accessToken))
            #expect(try decode(AttemptDocument.self, closed).status == "expired")
            let score = try await query("SELECT score FROM attempts WHERE attempt_id = '\(late.id)'", url: url, as: Double.self)
            #expect(abs(score - 1.0 / 6.0) < 1e-9, "graded with the answer saved before the deadline")
            let closedAt = try await query(
                "SELECT extract(epoch FROM closed_at - started_at)::int FROM attempts WHERE attempt_id = '\(late.id)'",
                url: url
            )
            #expect(closedAt == 60, "closed as of its deadline")

            let abandoned = try decode(AttemptDocument.self, try await startAttempt(client, session))
            clock.advance(by: 120)
            let reread = try await client.execute(uri: "/v1/attempts/\(abandoned.id)", method: .get, headers: bearer(session.accessToken))
            #expect(try decode(AttemptDocument.self, reread).status == "expired", "an overdue attempt is closed on read")
        }
    }

    @Test func twentyParallelSubmitsGiveOneGrade() async throws {
        try await withTestApp { client, url in
            try await importPack(client, url: url, examplePack())
            let session = try await register(client, "song.song@example.org")
            let attempt = try decode(AttemptDocument.self, try await startAttempt(client, session))
            _ = try await saveAnswer(client, session, attempt: attempt.id, item: "ex-single", ["optionIds": ["b"]])
            let bodies = try await withThrowingTaskGroup(of: String.self) { group in
                for index in 0..<20 {
                    group.addTask {
                        let response = try await submit(client, session, attempt: attempt.id, key: index % 2 == 0 ? "submit-\(attempt.id)" : nil)
                        #expect(response.status == .ok)
                        return String(buffer: response.body)
                    }
                }
                return try await group.reduce(into: Set<String>()) { $0.insert($1) }
            }
            #expect(bodies.count == 1, "every caller gets the same answer: \(bodies)")
            #expect(try await query("SELECT count(*)::int FROM attempts WHERE closed_at IS NOT NULL", url: url) == 1)
        }
    }

    @Test func attemptLimitsAndCooldownHoldUnderParallelStarts() async throws {
        let clock = TestClock()
        try await withTestApp(clock: clock.wallClock) { client, url in
            try await importPack(client, url: url, examplePack(quizSettings: "    maxAttempts: 2\n    cooldownMinutes: 5\n"))
            let session = try await register(client, "gioi.han@example.org")
            let ids = try await withThrowingTaskGroup(of: String.self) { group in
                for _ in 0..<10 {
                    group.addTask { try decode(AttemptDocument.self, try await startAttempt(client, session)).id }
                }
                return try await group.reduce(into: Set<String>()) { $0.insert($1) }
            }
            #expect(ids.count == 1, "parallel starts share the one open attempt")
            _ = try await submit(client, session, attempt: ids.first!)
            let cooling = try await startAttempt(client, session)
            try expectProblem(cooling, status: .conflict, type: "conflict")
            #expect(cooling.headers[.retryAfter] == "300")
            clock.advance(by: 300)
            let second = try decode(AttemptDocument.self, try await startAttempt(client, session))
            _ = try await submit(client, session, attempt: second.id)
            clock.advance(by: 300)
            try expectProblem(try await startAttempt(client, session), status: .conflict, type: "conflict")
            #expect(try await query("SELECT count(*)::int FROM attempts", url: url) == 2)
        }
    }

    @Test(arguments: [
        ("    review: { show: [score], when: afterSubmit }\n", false, true),
        ("    review: { show: [score, correctness, correctAnswers, explanations], when: afterPass }\n", false, false),
        ("    review: { when: never }\n", false, false),
    ])
    func reviewFollowsItsPolicy(settings: String, expectAnswers: Bool, expectOpen: Bool) async throws {
        try await withTestApp { client, url in
            try await importPack(client, url: url, examplePack(quizSettings: settings))
            let session = try await register(client, "xem.lai@example.org")
            let attempt = try decode(AttemptDocument.self, try await startAttempt(client, session))
            let result = try object(try await submit(client, session, attempt: attempt.id))
            #expect(result["passed"] as? Bool == false)
            let review = try await client.execute(uri: "/v1/attempts/\(attempt.id)/review", method: .get, headers: bearer(session.accessToken))
            if expectOpen {
                #expect(review.status == .ok)
                let text = String(buffer: review.body)
                #expect(text.contains("correctAnswer") == expectAnswers)
                #expect(!text.contains("explanation"))
            } else {
                try expectProblem(review, status: .forbidden, type: "forbidden")
                #expect(result["score"] == nil, "the score is not shown either")
            }
        }
    }

    /// Answer save and submit check the token in their own statement: an owner whose session was
    /// revoked, or who erased the account, is refused with 401 on their own attempt, before an
    /// unknown or malformed id is told apart, and nothing is saved or graded.
    @Test func answerSaveAndSubmitRefuseTheOwnersTokenOnceItIsNotLive() async throws {
        try await withTestApp { client, url in
            try await importPack(client, url: url, examplePack())
            let owner = try await register(client, "het.phien@example.org")
            let attempt = try decode(AttemptDocument.self, try await startAttempt(client, owner))
            #expect(try await saveAnswer(client, owner, attempt: attempt.id, item: "ex-single", ["optionIds": ["b"]]).status == .ok)
            try await query("UPDATE auth_tokens SET revoked_at = now() WHERE kind = 'access' RETURNING 1", url: url)
            for body in [["optionIds": ["a"]], ["nonsense": true]] {
                try expectProblem(
                    try await saveAnswer(client, owner, attempt: attempt.id, item: "ex-single", body),
                    status: .unauthorized,
                    type: "unauthorized"
                )
            }
            try expectProblem(
                try await saveAnswer(client, owner, attempt: attempt.id, item: "no-such-item", ["optionIds": ["a"]]),
                status: .unauthorized,
                type: "unauthorized"
            )
            #expect(
                try await query("SELECT answer->'optionIds'->>0 FROM attempt_items WHERE question_id = 'ex-single'", url: url, as: String.self) == "b"
            )
            for id in [attempt.id, UUID().uuidString.lowercased(), "not-an-id"] {
                try expectProblem(try await submit(client, owner, attempt: id), status: .unauthorized, type: "unauthorized")
            }
            #expect(try await query("SELECT count(*)::int FROM attempts WHERE closed_at IS NULL", url: url) == 1, "nothing was graded")

            let again = try await register(client, "xoa.tai.khoan@example.org")
            let second = try decode(AttemptDocument.self, try await startAttempt(client, again))
            try await query("UPDATE learners SET erased_at = now() WHERE learner_id = '\(again.learnerId)' RETURNING 1", url: url)
            try expectProblem(
                try await saveAnswer(client, again, attempt: second.id, item: "ex-single", ["optionIds": ["a"]]),
                status: .unauthorized,
                type: "unauthorized"
            )
            try expectProblem(try await submit(client, again, attempt: second.id), status: .unauthorized, type: "unauthorized")
        }
    }

    @Test func aSubmitsKeyReplaysItsGradeOnlyToALiveToken() async throws {
        try await withTestApp { client, url in
            try await importPack(client, url: url, examplePack())
            let owner = try await register(client, "nop.lai@example.org")
            let attempt = try decode(AttemptDocument.self, try await startAttempt(client, owner))
            let first = try await submit(client, owner, attempt: attempt.id, key: "nop-bai-1")
            #expect(first.status == .ok)
            let repeated = try await submit(client, owner, attempt: attempt.id, key: "nop-bai-1")
            #expect(repeated.status == .ok)
            #expect(Data(buffer: repeated.body) == Data(buffer: first.body), "the stored grade, replayed")
            try expectProblem(
                try await submit(client, owner, attempt: attempt.id, key: "two words"),
                status: .unprocessableContent,
                type: "validation"
            )

            try await query("UPDATE auth_tokens SET revoked_at = now() WHERE kind = 'access' RETURNING 1", url: url)
            // The token comes before the key: neither the stored grade nor a verdict on the key.
            for key in ["nop-bai-1", "two words"] {
                try expectProblem(try await submit(client, owner, attempt: attempt.id, key: key), status: .unauthorized, type: "unauthorized")
            }
        }
    }

    @Test func anotherLearnersAttemptIs404() async throws {
        try await withTestApp { client, url in
            try await importPack(client, url: url, examplePack())
            let owner = try await register(client, "chu.bai@example.org")
            let other = try await register(client, "nguoi.khac@example.org")
            let attempt = try decode(AttemptDocument.self, try await startAttempt(client, owner))
            for response in [
                try await client.execute(uri: "/v1/attempts/\(attempt.id)", method: .get, headers: bearer(other.accessToken)),
                try await saveAnswer(client, other, attempt: attempt.id, item: "ex-single", ["optionIds": ["b"]]),
                try await submit(client, other, attempt: attempt.id),
                try await client.execute(uri: "/v1/attempts/\(attempt.id)/review", method: .get, headers: bearer(other.accessToken)),
            ] {
                try expectProblem(response, status: .notFound, type: "not-found")
            }
            #expect(try await query("SELECT count(*)::int FROM attempts WHERE closed_at IS NULL", url: url) == 1)
        }
    }

    /// Starts take a content version's question bank from memory once read: a pack update makes
    /// a new version, so the next start shows the new text and the open attempt keeps the old.
    @Test func aStartAfterAPackUpdateShowsTheNewVersionAndTheOpenAttemptKeepsItsOwn() async throws {
        try await withTestApp { client, url in
            try await importPack(client, url: url, examplePack())
            let first = try await register(client, "an.truoc@example.org")
            let before = try decode(AttemptDocument.self, try await startAttempt(client, first))
            try await importChangedExample(client, url: url, replacing: "Bốn từ ngẫu nhiên", with: "Năm từ ngẫu nhiên")
            let second = try await register(client, "binh.sau@example.org")
            let after = try decode(AttemptDocument.self, try await startAttempt(client, second))
            let optionB = { (attempt: AttemptDocument) in
                attempt.items.first { $0.id == "ex-single" }?.options.first { $0.id == "b" }?.text
            }
            #expect(optionB(after) == "Năm từ ngẫu nhiên")
            #expect(after.items.count == 6)
            let reread = try decode(
                AttemptDocument.self,
                try await client.execute(uri: "/v1/attempts/\(before.id)", method: .get, headers: bearer(first.accessToken))
            )
            #expect(optionB(before) == "Bốn từ ngẫu nhiên")
            #expect(optionB(reread) == "Bốn từ ngẫu nhiên")
        }
    }

    @Test func aChangedKeyDoesNotRegradeAnOpenAttempt() async throws {
        try await withTestApp { client, url in
            try await importPack(client, url: url, examplePack())
            let session = try await register(client, "khoa.doi@example.org")
            let attempt = try decode(AttemptDocument.self, try await startAttempt(client, session))
            _ = try await saveAnswer(client, session, attempt: attempt.id, item: "ex-single", ["optionIds": ["b"]])
            try await importChangedExample(client, url: url, replacing: "answer: b", with: "answer: c")
            let result = try object(try await submit(client, session, attempt: attempt.id))
            #expect(abs((result["score"] as? Double ?? 0) - 1.0 / 6.0) < 1e-9, "graded against the key the attempt showed")
        }
    }

    @Test func certificationExamsAreNotStartedAsPracticeQuizzes() async throws {
        try await withTestApp { client, url in
            let admin = try await registerAdmin(client, url: url)
            let folder = PackFixtures.root.appendingPathComponent("Courses/cyber-safety-certificate")
            let response = try await PackFixtures.upload(client, admin, try PackFixtures.zip(try CoursePacks.PackFiles.read(folder: folder)))
            #expect(response.status == .created)
            let session = try await register(client, "thi.thu@example.org")
            try expectProblem(try await startAttempt(client, session, quiz: "certification-exam"), status: .forbidden, type: "forbidden")
            try expectProblem(try await startAttempt(client, session, quiz: "no-such-quiz"), status: .notFound, type: "not-found")
        }
    }

    /// Imports the example pack again with one change to its questions: a new content version.
    private func importChangedExample(_ client: some TestClientProtocol, url: String, replacing old: String, with new: String) async throws {
        try await importPack(
            client,
            url: url,
            examplePack { files in
                files.files["questions/example.yaml"] = Array(files.text("questions/example.yaml")!.replacingOccurrences(of: old, with: new).utf8)
            }
        )
    }
}
