import App
import CoursePacks
import Credentials
import Crypto
import Domain
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Persistence
import TestSupport
import Testing

@Suite struct CertificationTests {
    static let coursesFolder = PackFixtures.root.appendingPathComponent("Courses")
    static let bank: [String: Question] = {
        let files = try! PackFiles.read(folder: coursesFolder.appendingPathComponent("cyber-safety-certificate"))
        return Dictionary(uniqueKeysWithValues: PackReader.read(files).pack!.questions.map { ($0.id, $0) })
    }()
    static let basicLessons = [
        "strong-passwords", "two-step-verification", "updating-devices", "recognising-phishing", "safe-browsing-downloads",
        "public-wifi", "social-media-privacy", "backups", "securing-your-phone", "when-things-go-wrong",
    ]

    /// Imports the prerequisite course and the certification programme.
    static func importProgramme(_ client: some TestClientProtocol, url: String) async throws {
        let admin = try await registerAdmin(client, url: url)
        for pack in ["basic-cyber-safety", "cyber-safety-certificate"] {
            let files = try PackFiles.read(folder: coursesFolder.appendingPathComponent(pack))
            let response = try await PackFixtures.upload(client, admin, try PackFixtures.zip(files))
            #expect(response.status == .created, "\(pack): \(String(buffer: response.body))")
        }
    }

    static func completePrerequisite(_ client: some TestClientProtocol, _ session: Session) async throws {
        for lesson in basicLessons {
            let response = try await client.execute(
                uri: "/v1/courses/basic-cyber-safety/lessons/\(lesson)/progress",
                method: .put,
                headers: bearer(session.accessToken),
                body: json(["status": "completed"])
            )
            #expect(response.status == .ok)
        }
    }

    static func startExam(_ client: some TestClientProtocol, _ session: Session) async throws -> TestResponse {
        try await client.execute(uri: "/v1/certifications/cyber-safety-certificate/attempts", method: .post, headers: bearer(session.accessToken))
    }

    /// Answers every item right (`right: true`) or leaves it blank, then submits.
    static func sitExam(_ client: some TestClientProtocol, _ session: Session, right: Bool) async throws -> [String: Any] {
        let attempt = try decode(AttemptDocument.self, try await startExam(client, session))
        #expect(attempt.items.count == 30)
        if right {
            for item in attempt.items {
                let key = try #require(bank[item.id]?.key)
                let body: [String: Any] =
                    switch key {
                    case .single(let id): ["optionIds": [id]]
                    case .multiple(let ids): ["optionIds": ids]
                    case .trueFalse(let value): ["optionIds": [value ? "true" : "false"]]
                    case .ordering(let ids): ["order": ids]
                    case .matching(let pairs): ["pairs": pairs]
                    case .shortText(let vi, _, _): ["text": vi[0]]
                    }
                let saved = try await saveAnswer(client, session, attempt: attempt.id, item: item.id, body)
                #expect(saved.status == .ok, "\(item.id): \(String(buffer: saved.body))")
            }
        }
        return try object(try await submit(client, session, attempt: attempt.id))
    }

    static func certificateID(_ client: some TestClientProtocol, _ session: Session) async throws -> String? {
        let list = try object(try await client.execute(uri: "/v1/me/certificates", method: .get, headers: bearer(session.accessToken)))
        return (list["items"] as? [[String: Any]])?.first?["id"] as? String
    }

    /// Verifies the served credential with the project's verifier (keys from the JWKS) and with
    /// openbadgeslib (the same key as PEM, the served status list).
    static func verifyIndependently(
        _ client: some TestClientProtocol,
        certificate: String
    ) async throws -> (ours: Bool, theirs: (status: Int32, output: String)) {
        let jwt = String(buffer: try await client.execute(uri: "/v1/certificates/\(certificate)/credential", method: .get).body)
        let jwks = try object(try await client.execute(uri: "/.well-known/jwks.json", method: .get))
        var keys: [String: Curve25519.Signing.PublicKey] = [:]
        for key in jwks["keys"] as? [[String: String]] ?? [] {
            if let kid = key["kid"], let x = key["x"].flatMap(Base64URL.decode) { keys[kid] = try Curve25519.Signing.PublicKey(rawRepresentation: x) }
        }
        let verified = try? JWS.verify(jwt, publicKeys: keys)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ob3-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try jwt.write(to: folder.appendingPathComponent("credential.jwt"), atomically: true, encoding: .utf8)
        if let kid = verified?.kid, let key = keys[kid] {
            try Interop.pem(key).write(to: folder.appendingPathComponent("key.pem"), atomically: true, encoding: .utf8)
        }
        let listURL = try #require(
            ((try JSONSerialization.jsonObject(with: Data(verified.map { $0.payload } ?? Data("{}".utf8))) as? [String: Any])?["credentialStatus"]
                as? [String: Any])?["statusListCredential"] as? String
        )
        let statusList = String(buffer: try await client.execute(uri: String(listURL.dropFirst("https://safeskills.test".count)), method: .get).body)
        try statusList.write(to: folder.appendingPathComponent("status.jwt"), atomically: true, encoding: .utf8)
        return (verified != nil, try Interop.verify(folder))
    }

    @Test func passingTheExamIssuesACertificateThatVerifiesIndependently() async throws {
        try await withTestApp(clock: WallClock.system) { client, url in
            try await Self.importProgramme(client, url: url)
            let session = try await register(client, "chung.nhan@example.org")
            let early = try await Self.startExam(client, session)
            try expectProblem(early, status: .conflict, type: "conflict")
            try await Self.completePrerequisite(client, session)

            let programmes = try object(try await client.execute(uri: "/v1/certifications", method: .get, headers: bearer(session.accessToken)))
            let programme = try #require((programmes["items"] as? [[String: Any]])?.first)
            #expect(programme["eligible"] as? Bool == true)
            #expect(programme["attemptsLeft"] as? Int == 3)

            let result = try await Self.sitExam(client, session, right: true)
            #expect(result["passed"] as? Bool == true)
            #expect((result["competencyResults"] as? [Any])?.count == 3)
            let id = try #require(try await Self.certificateID(client, session))
            #expect(Base64URL.decode(id)?.count == 16, "a 128-bit random id")

            let verification = try object(try await client.execute(uri: "/v1/certificates/\(id)", method: .get, headers: [.acceptLanguage: "en"]))
            #expect(verification["status"] as? String == "valid")
            #expect((verification["holderName"] as? String)?.hasPrefix("Người học") == true)
            #expect((verification["notice"] as? String)?.contains("self-declared") == true)
            #expect(verification["credentialUrl"] as? String == "https://safeskills.test/v1/certificates/\(id)/credential")

            let checked = try await Self.verifyIndependently(client, certificate: id)
            #expect(checked.ours)
            #expect(checked.theirs.status == 0, "openbadgeslib: \(checked.theirs.output)")
            let export = try object(try await client.execute(uri: "/v1/me/export", method: .get, headers: bearer(session.accessToken)))
            #expect((export["certificates"] as? [[String: Any]])?.first?["id"] as? String == id, "the export lists the certificate")

            let review = try object(try await client.execute(uri: "/v1/certifications", method: .get, headers: bearer(session.accessToken)))
            #expect((review["items"] as? [[String: Any]])?.first?["attemptsLeft"] as? Int == 2)
            for path in ["/v1/issuer", "/v1/certifications/cyber-safety-certificate/achievement"] {
                let document = try object(try await client.execute(uri: path, method: .get))
                #expect((document["id"] as? String)?.hasPrefix("https://safeskills.test/") == true)
            }
        }
    }

    @Test func revokedCertificatesShowSoEverywhere() async throws {
        try await withTestApp(clock: WallClock.system) { client, url in
            try await Self.importProgramme(client, url: url)
            let session = try await register(client, "thu.hoi@example.org")
            try await Self.completePrerequisite(client, session)
            _ = try await Self.sitExam(client, session, right: true)
            let id = try #require(try await Self.certificateID(client, session))
            let admin = try await registerAdmin(client, url: url)

            try expectProblem(
                try await client.execute(
                    uri: "/v1/admin/certificates/\(id)/revoke",
                    method: .post,
                    headers: bearer(session.accessToken),
                    body: json(["reason": "x"])
                ),
                status: .forbidden,
                type: "forbidden"
            )
            try expectProblem(
                try await client.execute(
                    uri: "/v1/admin/certificates/\(id)/revoke",
                    method: .post,
                    headers: bearer(admin.accessToken),
                    body: json([:])
                ),
                status: .unprocessableContent,
                type: "validation"
            )
            let revoked = try await client.execute(
                uri: "/v1/admin/certificates/\(id)/revoke",
                method: .post,
                headers: bearer(admin.accessToken),
                body: json(["reason": "cheating found"])
            )
            #expect(try object(revoked)["status"] as? String == "revoked")

            #expect(try object(try await client.execute(uri: "/v1/certificates/\(id)", method: .get))["status"] as? String == "revoked")
            #expect(String(buffer: try await client.execute(uri: "/verify/\(id)", method: .get).body).contains("đã bị thu hồi"))
            let mine = try object(try await client.execute(uri: "/v1/me/certificates", method: .get, headers: bearer(session.accessToken)))
            #expect((mine["items"] as? [[String: Any]])?.first?["status"] as? String == "revoked")
            let checked = try await Self.verifyIndependently(client, certificate: id)
            #expect(checked.ours, "the signature itself is still intact")
            #expect(checked.theirs.status == 1 && checked.theirs.output.contains("revocation"), "\(checked.theirs.output)")
            #expect(try await query("SELECT count(*)::int FROM admin_audit WHERE action = 'revoke-certificate'", url: url) == 1)
        }
    }

    @Test func certificatesExpireAndNoFailedOpenOrOtherAttemptEarnsOne() async throws {
        let clock = TestClock(Date())
        try await withTestApp(clock: clock.wallClock) { client, url in
            try await Self.importProgramme(client, url: url)
            let session = try await register(client, "het.han@example.org")
            let other = try await register(client, "nguoi.ngoai@example.org")
            try await Self.completePrerequisite(client, session)

            let failed = try await Self.sitExam(client, session, right: false)
            #expect(failed["passed"] as? Bool == false)
            #expect(failed["score"] as? Double == 0)
            #expect(try await Self.certificateID(client, session) == nil, "no certificate from a failed attempt")

            let open = try decode(AttemptDocument.self, try await Self.startExam(client, session))
            #expect(try await Self.certificateID(client, session) == nil, "none from an open attempt")
            try expectProblem(try await submit(client, other, attempt: open.id), status: .notFound, type: "not-found")
            #expect(try await query("SELECT count(*)::int FROM certificates", url: url) == 0, "none from someone else's submit")
            _ = try await submit(client, session, attempt: open.id)

            _ = try await Self.sitExam(client, session, right: true)
            let id = try #require(try await Self.certificateID(client, session))
            clock.advance(by: 25 * 31 * 86400)
            #expect(try object(try await client.execute(uri: "/v1/certificates/\(id)", method: .get))["status"] as? String == "expired")
            #expect(
                String(buffer: try await client.execute(uri: "/verify/\(id)", method: .get, headers: [.acceptLanguage: "en"]).body).contains(
                    "has expired"
                )
            )

            // Renewal: passing again issues a new certificate linked to the expired one.
            let again = try decode(Session.self, try await signIn(client, "het.han@example.org"))
            _ = try await Self.sitExam(client, again, right: true)
            let mine = try object(try await client.execute(uri: "/v1/me/certificates", method: .get, headers: bearer(again.accessToken)))
            let items = try #require(mine["items"] as? [[String: Any]])
            #expect(items.count == 2)
            #expect(items.first?["status"] as? String == "valid")
            #expect(items.first?["previousCertificateId"] as? String == id)
            #expect(items.last?["status"] as? String == "expired")
        }
    }

    @Test func attemptsPerWindowAreLimited() async throws {
        try await withTestApp { client, url in
            try await Self.importProgramme(client, url: url)
            let session = try await register(client, "gioi.han.thi@example.org")
            try await Self.completePrerequisite(client, session)
            for _ in 0..<3 { _ = try await Self.sitExam(client, session, right: false) }
            let refused = try await Self.startExam(client, session)
            try expectProblem(refused, status: .conflict, type: "conflict")
            #expect(Int(refused.headers[.retryAfter] ?? "") == 30 * 86400)
        }
    }

    /// The start checks the token itself, in its own transaction: one that is no longer live
    /// gets 401 and starts nothing, and a well-formed token of nobody's is refused the same way.
    @Test func anExamStartWithATokenNoLongerLiveIs401AndStartsNothing() async throws {
        try await withTestApp { client, url in
            try await Self.importProgramme(client, url: url)
            let session = try await register(client, "het.han.thi@example.org")
            try await Self.completePrerequisite(client, session)
            try await query("UPDATE auth_tokens SET revoked_at = now() WHERE kind = 'access' RETURNING 1", url: url)
            try expectProblem(try await Self.startExam(client, session), status: .unauthorized, type: "unauthorized")
            #expect(try await query("SELECT count(*) FROM attempts", url: url, as: Int.self) == 0)
            let stranger = try await client.execute(
                uri: "/v1/certifications/cyber-safety-certificate/attempts",
                method: .post,
                headers: bearer(BearerToken.make(learnerID: UUID()).text)
            )
            try expectProblem(stranger, status: .unauthorized, type: "unauthorized")
        }
    }

    @Test func afterKeyRotationOldAndNewCertificatesVerify() async throws {
        let second = FileManager.default.temporaryDirectory.appendingPathComponent("rotated-\(UUID().uuidString).json").path
        FileManager.default.createFile(atPath: second, contents: try SigningKey.generate(now: Date().addingTimeInterval(86400)).fileContents())
        try await TestDatabase.withFresh { url in
            let first = try await withTestApp(clock: .system, databaseURL: url) { client, url in
                try await Self.importProgramme(client, url: url)
                let session = try await register(client, "xoay.khoa@example.org")
                try await Self.completePrerequisite(client, session)
                _ = try await Self.sitExam(client, session, right: true)
                return try #require(try await Self.certificateID(client, session))
            }
            try await withTestApp(
                clock: .system,
                databaseURL: url,
                configure: { settings in
                    settings.previousSigningKeyFiles = [settings.signingKeyFile!]
                    settings.signingKeyFile = second
                }
            ) { client, _ in
                let session = try await register(client, "xoay.khoa.hai@example.org")
                try await Self.completePrerequisite(client, session)
                _ = try await Self.sitExam(client, session, right: true)
                let newer = try #require(try await Self.certificateID(client, session))
                let jwks = try object(try await client.execute(uri: "/.well-known/jwks.json", method: .get))
                #expect((jwks["keys"] as? [Any])?.count == 2)
                for id in [first, newer] {
                    let checked = try await Self.verifyIndependently(client, certificate: id)
                    #expect(checked.ours, "\(id) no longer verifies")
                    #expect(checked.theirs.status == 0, "\(checked.theirs.output)")
                }
            }
        }
    }

    @Test func theVerifyPageEscapesTheNameAndErasureRevokesWithoutName() async throws {
        try await withTestApp(clock: .system) { client, url in
            try await Self.importProgramme(client, url: url)
            let session = try await register(client, "ten.la@example.org", extra: ["displayName": "<script>alert('x')</script> Lan & \"Mai\""])
            try await Self.completePrerequisite(client, session)
            _ = try await Self.sitExam(client, session, right: true)
            let id = try #require(try await Self.certificateID(client, session))
            let page = try await client.execute(uri: "/verify/\(id)", method: .get)
            #expect(page.status == .ok)
            #expect(page.headers[.contentType] == "text/html; charset=utf-8")
            let html = String(buffer: page.body)
            #expect(!html.contains("<script>"))
            #expect(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; Lan &amp; &quot;Mai&quot;"))
            #expect(html.contains("tự khai") && html.contains("không có giám thị"))
            #expect(try await client.execute(uri: "/verify/nope", method: .get).status == .notFound)

            #expect(
                try await client.execute(
                    uri: "/v1/me",
                    method: .delete,
                    headers: bearer(session.accessToken),
                    body: json(["password": "gió mùa thu về trên phố"])
                ).status == .noContent
            )
            let after = try object(try await client.execute(uri: "/v1/certificates/\(id)", method: .get))
            #expect(after["status"] as? String == "revoked")
            #expect(after["holderName"] == nil)
            #expect(try await client.execute(uri: "/v1/certificates/\(id)/credential", method: .get).status == .notFound)
        }
    }
}
