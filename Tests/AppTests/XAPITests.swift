import Configuration
import Domain
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import Persistence
import PostgresNIO
import Services
import TestSupport
import Testing

@testable import App

/// Learning events reach a real learning record store (Ralph) as xAPI statements, through the
/// outbox: queued with the event, sent in batches, kept while the store is down, set aside when
/// refused, forgotten with the person.
@Suite struct XAPITests {
    /// The keyed hash the tests' secret key (32 × 7) gives a learner.
    static func actorName(_ learnerID: String) -> String {
        KeyedHash(secretKey: Array(repeating: 7, count: 32)).hex("xapi-actor", learnerID.lowercased())
    }

    /// The test settings' learning record store, sent by the test itself (no background sending),
    /// so what the store received is never racing a job.
    static func configure(_ setting: LRSSetting) -> @Sendable (inout Settings) -> Void {
        var setting = setting
        setting.sendIntervalSeconds = 0
        return { [setting] in $0.learningRecordStore = setting }
    }

    /// Sends the outbox until nothing waits, moving the clock past any back-off when a run sent
    /// nothing; returns the runs' reports summed.
    static func deliverAll(url: String, setting: LRSSetting, clock: TestClock) async throws -> StatementSender.Report {
        try await TestDatabase.withDatabase(url: url) { database in
            let sender = StatementSender(
                context: ServiceContext(database: database, clock: clock.wallClock),
                store: LRSClient(setting),
                batchSize: setting.batchSize
            )
            var total = StatementSender.Report()
            for _ in 0..<50 {
                let report = try await StatementDeliveryJob.runOnce(sender, clock: clock.wallClock)
                total.sent += report.sent
                total.setAside += report.setAside
                total.deferred += report.deferred
                if try await sender.figures().waiting == 0 { break }
                if report.sent == 0 { clock.advance(by: 3600) }
            }
            return total
        }
    }

    static func waiting(_ url: String, learner: String? = nil) async throws -> Int {
        let filter = learner.map { " AND learner_id = '\($0)'" } ?? ""
        return try await query("SELECT count(*)::int FROM xapi_outbox WHERE set_aside_at IS NULL\(filter)", url: url)
    }

    static func verbs(_ statements: [[String: Any]]) -> [String] {
        statements.compactMap { (($0["verb"] as? [String: Any])?["id"] as? String)?.components(separatedBy: "/").last }
    }

    static func objectID(_ statement: [String: Any]) -> String? {
        (statement["object"] as? [String: Any])?["id"] as? String
    }

    @Test func aLearnersJourneyThroughACourseAndAnExamArrivesInRalph() async throws {
        let ralph = try Ralph()
        defer { ralph.remove() }
        let clock = TestClock(Date())
        try await ralph.run {
            try await withTestApp(clock: clock.wallClock, configure: Self.configure(ralph.setting)) { client, url in
                try await CertificationTests.importProgramme(client, url: url)
                let session = try await register(client, "hanh.trinh@example.org")
                try await CertificationTests.completePrerequisite(client, session)
                let failed = try await CertificationTests.sitExam(client, session, right: false)
                #expect(failed["passed"] as? Bool == false)

                // Saving answers queues nothing: the answers go out when the attempt is submitted.
                let exam = try decode(AttemptDocument.self, try await CertificationTests.startExam(client, session))
                let beforeSaves = try await Self.waiting(url, learner: session.learnerId)
                // Three answers, each saved twice: three statements at submit.
                for item in exam.items.prefix(3) {
                    let body: [String: Any]
                    switch item.type {
                    case "ordering": body = ["order": item.options.map(\.id)]
                    case "matching": body = ["pairs": [try #require(item.options.first?.id): try #require(item.matches?.first?.id)]]
                    case "shortText": body = ["text": "không biết"]
                    default: body = ["optionIds": [try #require(item.options.first?.id)]]
                    }
                    for _ in 0..<2 {
                        let saved = try await saveAnswer(client, session, attempt: exam.id, item: item.id, body)
                        #expect(saved.status == .ok, "\(item.type): \(String(buffer: saved.body))")
                    }
                }
                #expect(try await Self.waiting(url, learner: session.learnerId) == beforeSaves)
                _ = try await submit(client, session, attempt: exam.id)

                let passed = try await CertificationTests.sitExam(client, session, right: true)
                #expect(passed["passed"] as? Bool == true)
                let certificate = try #require(try await CertificationTests.certificateID(client, session))
                let admin = try await registerAdmin(client, url: url)
                let revoked = try await client.execute(
                    uri: "/v1/admin/certificates/\(certificate)/revoke",
                    method: .post,
                    headers: bearer(admin.accessToken),
                    body: json(["reason": "cheating found"])
                )
                #expect(revoked.status == .ok)

                let report = try await Self.deliverAll(url: url, setting: ralph.setting, clock: clock)
                #expect(report.setAside == 0)
                #expect(try await Self.waiting(url) == 0)

                let name = Self.actorName(session.learnerId)
                let all = try await ralph.statements()
                let mine = all.filter { (($0["actor"] as? [String: Any])?["account"] as? [String: Any])?["name"] as? String == name }
                #expect(Set(all.compactMap { $0["id"] as? String }).count == all.count, "no statement twice")

                // The learner is an account of this server named by a keyed hash: nothing else.
                for statement in mine {
                    let actor = try #require(statement["actor"] as? [String: Any])
                    #expect(actor["mbox"] == nil && actor["mbox_sha1sum"] == nil && actor["name"] == nil)
                    #expect((actor["account"] as? [String: Any])?["homePage"] as? String == "https://safeskills.test")
                    let text = String(decoding: try JSONSerialization.data(withJSONObject: statement), as: UTF8.self)
                    #expect(!text.contains("hanh.trinh") && !text.contains("Người học"))
                    #expect(text.contains(session.learnerId.lowercased()) == false, "not even the learner's id")
                }

                let verbs = Self.verbs(mine)
                #expect(verbs.filter { $0 == "registered" }.count == 2, "the account and the course")
                #expect(verbs.filter { $0 == "experienced" }.count == 10)
                #expect(verbs.filter { $0 == "completed" }.count == 11, "ten lessons and the course")
                #expect(verbs.filter { $0 == "failed" }.count == 2, "the blank exam and the one with three answers")
                #expect(verbs.filter { $0 == "passed" }.count == 1)
                #expect(verbs.filter { $0 == "answered" }.count == 3 + 30)
                #expect(verbs.filter { $0 == "earned" }.count == 1)
                #expect(verbs.filter { $0 == "lost" }.count == 1)
                let expected: Int = 2 + 10 + 11 + 2 + 1 + 33 + 1 + 1
                #expect(mine.count == expected)

                let ids = Set(mine.compactMap(Self.objectID))
                #expect(ids.contains("https://safeskills.test"))
                #expect(ids.contains("https://safeskills.test/v1/courses/basic-cyber-safety"))
                #expect(ids.contains("https://safeskills.test/v1/courses/basic-cyber-safety/lessons/strong-passwords"))
                #expect(ids.contains("https://safeskills.test/v1/certifications/cyber-safety-certificate/achievement"))

                let pass = try #require(mine.first { Self.verbs([$0]) == ["passed"] })
                let result = try #require(pass["result"] as? [String: Any])
                #expect(result["success"] as? Bool == true)
                #expect((result["score"] as? [String: Any])?["scaled"] as? Double == 1)
                #expect((result["score"] as? [String: Any])?["max"] as? Int == 30)
                let quizID = try #require(Self.objectID(pass))
                #expect(quizID.hasPrefix("https://safeskills.test/v1/quizzes/"))
                let context = try #require(pass["context"] as? [String: Any])
                #expect(
                    ((context["contextActivities"] as? [String: Any])?["parent"] as? [[String: Any]])?.first?["id"] as? String
                        == "https://safeskills.test/v1/certifications/cyber-safety-certificate"
                )
                let fail = try #require(
                    mine.first { Self.verbs([$0]) == ["failed"] && ($0["result"] as? [String: Any])?["success"] as? Bool == false }
                )
                #expect(((fail["result"] as? [String: Any])?["score"] as? [String: Any])?["scaled"] != nil)

                let answers = mine.filter { Self.verbs([$0]) == ["answered"] }
                #expect(answers.allSatisfy { ($0["result"] as? [String: Any])?["response"] == nil }, "what was answered stays here")
                #expect(
                    answers.allSatisfy {
                        Self.objectID($0)?.hasPrefix("https://safeskills.test/v1/courses/cyber-safety-certificate/questions/") == true
                    }
                )
                #expect(answers.filter { ($0["result"] as? [String: Any])?["success"] as? Bool == true }.count >= 30)
            }
        }
    }

    @Test func statementsWaitWhileTheStoreIsDownAndAllArriveWhenItComesUp() async throws {
        let ralph = try Ralph()
        defer { ralph.remove() }
        let clock = TestClock(Date())
        try await withTestApp(clock: clock.wallClock, configure: Self.configure(ralph.setting)) { client, url in
            try await importPack(client, url: url, examplePack())
            let session = try await register(client, "cho.doi@example.org")
            let opened = try await client.execute(
                uri: "/v1/courses/example-course/lessons/first-lesson/progress",
                method: .put,
                headers: bearer(session.accessToken),
                body: json(["status": "completed"])
            )
            #expect(opened.status == .ok, "\(String(buffer: opened.body))")
            let queued = try await Self.waiting(url, learner: session.learnerId)
            #expect(queued == 4, "registered, enrolled, opened and completed the lesson")

            // Nothing listens yet: every statement stays, tried once and put back for later.
            let down = try await TestDatabase.withDatabase(url: url) { database in
                try await StatementSender(
                    context: ServiceContext(database: database, clock: clock.wallClock),
                    store: LRSClient(ralph.setting),
                    batchSize: 2
                ).sendDue()
            }
            #expect(down.sent == 0 && down.setAside == 0 && down.deferred == 2, "the first batch failed, and the run stopped there")
            #expect(try await Self.waiting(url, learner: session.learnerId) == queued)
            #expect(try await query("SELECT count(*)::int FROM xapi_outbox WHERE last_error IS NOT NULL AND tries = 1", url: url) == 2)

            let report = try await ralph.run {
                let report = try await Self.deliverAll(url: url, setting: ralph.setting, clock: clock)
                let arrived = try await ralph.statements()
                #expect(arrived.count == queued + 1, "the learner's four and the administrator's registration")
                #expect(Set(Self.verbs(arrived)) == ["registered", "experienced", "completed"])
                return report
            }
            #expect(report.sent == queued + 1)
            #expect(try await Self.waiting(url) == 0)
        }
    }

    @Test func aStatementTheStoreRefusesIsSetAsideAndTheRestArrive() async throws {
        let ralph = try Ralph()
        defer { ralph.remove() }
        let clock = TestClock(Date())
        try await ralph.run {
            try await withTestApp(clock: clock.wallClock, configure: Self.configure(ralph.setting)) { client, url in
                let session = try await register(client, "tu.choi@example.org")
                let learner = try #require(UUID(uuidString: session.learnerId))
                // A statement with no actor and no object, queued between good ones: Ralph answers 4xx.
                let bad = UUID()
                try await TestDatabase.withDatabase(url: url) { database in
                    try await database.withConnection { connection in
                        _ = try await connection.query(
                            """
                            INSERT INTO xapi_outbox (learner_id, statement_id, body, queued_at, next_attempt_at)
                            VALUES (\(learner), \(bad), \("{\"id\": \"\(bad.uuidString.lowercased())\", \"verb\": {\"id\": \"nope\"}}"), \(clock.wallClock.now()), \(clock.wallClock.now()))
                            """,
                            logger: database.logger
                        )
                    }
                }
                try await importPack(client, url: url, examplePack())
                _ = try await client.execute(
                    uri: "/v1/courses/example-course/enrollment",
                    method: .post,
                    headers: bearer(session.accessToken)
                )

                let report = try await Self.deliverAll(url: url, setting: ralph.setting, clock: clock)
                #expect(report.setAside == 1)
                let arrived = try await ralph.statements()
                #expect(arrived.count == 3, "the learner's registration and enrolment, and the administrator's registration")
                #expect(!arrived.contains { $0["id"] as? String == bad.uuidString.lowercased() })
                #expect(try await Self.waiting(url) == 0)
                let status = try await query("SELECT set_aside_status FROM xapi_outbox WHERE statement_id = '\(bad)'", url: url)
                #expect((400..<500).contains(status))
                let reason = try await query("SELECT set_aside_reason FROM xapi_outbox WHERE statement_id = '\(bad)'", url: url, as: String.self)
                #expect(reason.contains("actor"), "Ralph's reason is kept: \(reason)")
            }
        }
    }

    @Test func erasureRemovesUnsentStatementsAndQueuesNoMore() async throws {
        // A store that is never reached: everything stays queued until the person is erased.
        let setting = LRSSetting(endpoint: URL(string: "http://127.0.0.1:\(try freePort())/xAPI")!, username: "u", password: "p")
        try await withTestApp(configure: Self.configure(setting)) { client, url in
            let session = try await register(client, "xoa.bo@example.org")
            let other = try await register(client, "o.lai@example.org")
            #expect(try await Self.waiting(url, learner: session.learnerId) == 1)
            let erased = try await client.execute(
                uri: "/v1/me",
                method: .delete,
                headers: bearer(session.accessToken),
                body: json(["password": "gió mùa thu về trên phố"])
            )
            #expect(erased.status == .noContent)
            #expect(try await Self.waiting(url, learner: session.learnerId) == 0)
            #expect(try await Self.waiting(url, learner: other.learnerId) == 1, "nobody else's")

            let learner = try #require(UUID(uuidString: session.learnerId))
            let queued = try await TestDatabase.withDatabase(url: url) { database in
                try await database.withTransaction { connection in
                    try await StatementQueue(
                        publicBaseURL: URL(string: "https://safeskills.test")!,
                        hash: KeyedHash(secretKey: [UInt8](repeating: 7, count: 32))
                    )
                    .add([.registered], learnerID: learner, at: testNow, random: .system, on: connection, logger: database.logger)
                }
            }
            #expect(queued == 0, "nothing more about an erased person")
        }
    }

    @Test func withoutAStoreNothingIsQueued() async throws {
        try await withTestApp { client, url in
            try await importPack(client, url: url, examplePack())
            let session = try await register(client, "khong.gui@example.org")
            _ = try await client.execute(uri: "/v1/courses/example-course/enrollment", method: .post, headers: bearer(session.accessToken))
            #expect(try await query("SELECT count(*)::int FROM xapi_outbox", url: url) == 0)
        }
    }

    @Test func metricsShowTheOutbox() async throws {
        let setting = LRSSetting(endpoint: URL(string: "http://127.0.0.1:\(try freePort())/xAPI")!, username: "u", password: "p")
        try await withTestApp(configure: Self.configure(setting)) { client, url in
            _ = try await register(client, "do.dem@example.org")
            _ = try await Self.deliverAll(url: url, setting: setting, clock: TestClock())
            let text = String(decoding: Observability.exposition(), as: UTF8.self)
            for name in [
                "safeskills_xapi_outbox_waiting", "safeskills_xapi_outbox_set_aside", "safeskills_xapi_outbox_oldest_waiting_seconds",
                "safeskills_xapi_statements_sent_total", "safeskills_xapi_statements_set_aside_total", "safeskills_xapi_statements_deferred_total",
            ] {
                #expect(text.contains("\n\(name) ") || text.contains("\n\(name){"), "\(name) in /metrics")
            }
        }
    }

    func load(_ extra: [String: String]) throws -> Settings {
        try loadServingSettings(["ALLOW_LOG_NOTIFIER": "true"].merging(extra) { $1 })
    }

    @Test func theStoreIsOffByDefaultAndBadXAPISettingsAreNamedAtStart() throws {
        #expect(try load([:]).learningRecordStore == nil)

        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lrs-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let passwordFile = folder.appendingPathComponent("password")
        try "from-a-file\n".write(to: passwordFile, atomically: true, encoding: .utf8)
        let configured = try load([
            "XAPI_LRS_URL": "https://lrs.example.org/xAPI/", "XAPI_LRS_USERNAME": "safeskills", "XAPI_LRS_PASSWORD_FILE": passwordFile.path,
            "XAPI_BATCH_SIZE": "100",
        ])
        #expect(
            configured.learningRecordStore
                == LRSSetting(endpoint: URL(string: "https://lrs.example.org/xAPI")!, username: "safeskills", password: "from-a-file", batchSize: 100)
        )

        let refused = #expect(throws: Settings.Invalid.self) {
            try load(["XAPI_LRS_URL": "ftp://lrs.example.org", "XAPI_BATCH_SIZE": "0"])
        }
        let problems = refused?.description ?? ""
        #expect(problems.contains("XAPI_LRS_URL") && problems.contains("XAPI_LRS_USERNAME") && problems.contains("XAPI_LRS_PASSWORD"))
        #expect(problems.contains("XAPI_BATCH_SIZE"))
        let orphan = #expect(throws: Settings.Invalid.self) { try load(["XAPI_LRS_PASSWORD": "secret"]) }
        #expect(orphan?.description.contains("XAPI_LRS_URL") == true)
        #expect(orphan?.description.contains("secret") == false, "a password is never repeated in an error")
        #expect(throws: Settings.Invalid.self) {
            try load(["XAPI_LRS_URL": "https://lrs.example.org/xAPI", "XAPI_LRS_USERNAME": "u", "XAPI_LRS_PASSWORD_FILE": "/no/such/file"])
        }
    }
}
