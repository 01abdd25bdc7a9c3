import Domain
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Persistence
import PostgresNIO
import TestSupport
import Testing

/// Managed accounts and their printed sign-in cards (issue 19, item 4).
@Suite struct ManagedAccountTests {
    static let password = "mật khẩu riêng của tôi 2026"

    /// The tree, the example course, a manager of the Hà Nội school, one of the Huế department,
    /// and a class of the school.
    func setUp(
        _ client: some TestClientProtocol,
        url: String,
        capacity: Int = 30
    ) async throws -> (
        admin: Session, school: Session, hue: Session, classID: String
    ) {
        try await importPack(client, url: url, examplePack())
        let admin = try await registerAdmin(client, url: url)
        try await OrganisationFixtures.createTree(client, admin: admin)
        let school = try await OrganisationFixtures.manager(client, of: "truong-ha-noi", admin: admin)
        let hue = try await OrganisationFixtures.manager(client, of: "so-hue", admin: admin)
        let created = try await OrganisationFixtures.createClass(client, in: "truong-ha-noi", as: school, capacity: capacity)
        return (admin, school, hue, created.id)
    }

    func create(_ client: some TestClientProtocol, classID: String, as session: Session, people: [[String: Any]]) async throws -> TestResponse {
        try await client.execute(
            uri: "/v1/classes/\(classID)/managed-accounts",
            method: .post,
            headers: bearer(session.accessToken),
            body: json(["people": people])
        )
    }

    func createCSV(
        _ client: some TestClientProtocol,
        classID: String,
        as session: Session,
        _ csv: String,
        html: Bool = false
    ) async throws
        -> TestResponse
    {
        var headers = bearer(session.accessToken)
        headers[.contentType] = "text/csv"
        headers[.accept] = html ? "text/html" : "application/json"
        return try await client.execute(
            uri: "/v1/classes/\(classID)/managed-accounts/csv",
            method: .post,
            headers: headers,
            body: ByteBuffer(string: csv)
        )
    }

    func firstSignIn(_ client: some TestClientProtocol, name: String, code: String, password: String = password) async throws -> TestResponse {
        try await client.execute(
            uri: "/v1/auth/first-sign-in",
            method: .post,
            headers: jsonHeaders,
            body: json(["signInName": name, "code": code, "password": password, "consents": currentConsents])
        )
    }

    func login(_ client: some TestClientProtocol, name: String, password: String = password) async throws -> TestResponse {
        try await client.execute(uri: "/v1/auth/login", method: .post, headers: jsonHeaders, body: json(["identifier": name, "password": password]))
    }

    /// The cards of a JSON response: (learnerId, signInName, code).
    func cards(_ response: TestResponse) throws -> [(id: String, name: String, code: String)] {
        try #require(try object(response)["cards"] as? [[String: Any]]).map {
            ($0["learnerId"] as? String ?? "", $0["signInName"] as? String ?? "", $0["code"] as? String ?? "")
        }
    }

    static func match(_ pattern: String, in text: String) -> String? {
        guard let range = text.range(of: pattern, options: .regularExpression) else { return nil }
        return String(text[range])
    }

    /// The done-when: a manager prints cards for 30 people, and each card signs in once and sets a password.
    @Test func thirtyPrintedCardsEachSignInOnceAndSetAPassword() async throws {
        try await withTestApp { client, url in
            let (_, school, _, classID) = try await setUp(client, url: url)
            var csv = ManagedPeopleCSV.header.joined(separator: ",") + "\n"
            for index in 1...30 {
                let consents = index.isMultiple(of: 3) ? "female,student,có" : ",,"
                csv += "Nguyễn Thị \(index),\(1960 + index),\(consents),,,\n"
            }
            let response = try await createCSV(client, classID: classID, as: school, csv, html: true)
            #expect(response.status == .created, "\(String(buffer: response.body))")
            #expect(response.headers[.contentType]?.hasPrefix("text/html") == true)
            #expect(response.headers[.cacheControl] == "no-store", "the codes must not be kept by any cache")
            #expect(response.headers[.contentSecurityPolicy]?.contains("script") != true)
            let page = String(buffer: response.body)
            #expect(page.contains("size: A4") && page.contains("<html lang=\"vi\">") && page.contains("lang=\"en\""))
            #expect(page.contains("<h1>") && page.contains("Đăng nhập lần đầu") && page.contains("First sign-in"))
            let sections = page.components(separatedBy: "<section class=\"card\"").dropFirst()
            #expect(sections.count == 30)
            #expect(page.components(separatedBy: "<div class=\"page\">").count - 1 == 4, "eight cards a page")

            var seen: Set<String> = []
            for section in sections {
                let name = try #require(Self.match("hv-[a-z0-9]{6}", in: section))
                let code = try #require(Self.match("[A-Z0-9]{5}-[A-Z0-9]{5}", in: section))
                let svg = try #require(Self.match("<svg[^>]*>.*?</svg>", in: section))
                #expect(try await ZBarDecoder.decode(svg: svg) == "\(name) \(code)", "the QR code holds what the card shows")
                #expect(seen.insert(name).inserted)

                if seen.count == 1 {
                    // Once only: failures count against the room's address (50 an hour).
                    #expect(try await login(client, name: name).status == .unauthorized, "no password before the first sign-in")
                }
                let first = try await firstSignIn(client, name: name, code: code)
                #expect(first.status == .ok, "\(String(buffer: first.body))")
                #expect(try decode(Session.self, first).accessToken.isEmpty == false)
                let again = try await firstSignIn(client, name: name, code: code, password: "một mật khẩu khác hẳn 2026")
                try expectProblem(again, status: .unauthorized, type: "unauthorized")
                #expect(try await login(client, name: name).status == .ok, "the chosen password signs in")
            }

            let read = try await client.execute(uri: "/v1/classes/\(classID)", method: .get, headers: bearer(school.accessToken))
            #expect(try decode(ClassDocument.self, read).seatsTaken == 30)
            let full = try await create(client, classID: classID, as: school, people: [["name": "Người thứ 31", "birthYear": 1990]])
            try expectProblem(full, status: .conflict, type: "conflict")
        }
    }

    @Test func badRowsAreNamedByLineAndNothingIsCreated() async throws {
        try await withTestApp { client, url in
            let (_, school, _, classID) = try await setUp(client, url: url)
            let header = ManagedPeopleCSV.header.joined(separator: ",")
            let csv = """
                \(header)
                Trần Văn An,1990,,,,,,
                Lê Thị Bình,năm nào đó,,,,,,
                Phạm Văn Cường,1985,x,,yes,,,
                Đỗ Thị Dung,1988,female,,,,,
                """
            let problem = try expectProblem(
                try await createCSV(client, classID: classID, as: school, csv),
                status: .unprocessableContent,
                type: "validation"
            )
            #expect(
                Set(problem.errors?.map(\.pointer) ?? []) == ["/lines/3/birth_year", "/lines/4/sex", "/lines/5/statistics_consent"]
            )
            let badHeader = try await createCSV(client, classID: classID, as: school, "ten,nam\nAn,1990\n")
            #expect(try expectProblem(badHeader, status: .unprocessableContent, type: "validation").errors?.map(\.pointer) == ["/lines/1"])
            let list = try await create(client, classID: classID, as: school, people: [["name": "An", "birthYear": 1990], ["birthYear": 1990]])
            #expect(try expectProblem(list, status: .unprocessableContent, type: "validation").errors?.map(\.pointer) == ["/people/1/name"])

            let read = try await client.execute(uri: "/v1/classes/\(classID)", method: .get, headers: bearer(school.accessToken))
            #expect(try decode(ClassDocument.self, read).seatsTaken == 0, "all or nothing")
        }
    }

    @Test func someoneWhoMayBeUnder16NeedsTheGuardiansConsentRecorded() async throws {
        try await withTestApp { client, url in
            let (_, school, _, classID) = try await setUp(client, url: url)
            let refused = try await create(client, classID: classID, as: school, people: [["name": "Bé Na", "birthYear": 2014], ["name": "Bé Tí"]])
            let problem = try expectProblem(refused, status: .unprocessableContent, type: "validation")
            #expect(
                Set(problem.errors?.map(\.pointer) ?? []) == ["/people/0/guardianContact", "/people/1/guardianContact"],
                "no birth year in a school"
            )

            let future = try await create(
                client,
                classID: classID,
                as: school,
                people: [["name": "Bé Na", "birthYear": 2014, "guardianFormReference": "PĐY-7A-01", "guardianFormDate": "2026-03-02"]]
            )
            #expect(
                try expectProblem(future, status: .unprocessableContent, type: "validation").errors?.map(\.pointer) == ["/people/0/guardianFormDate"]
            )

            let created = try await create(
                client,
                classID: classID,
                as: school,
                people: [["name": "Bé Na", "birthYear": 2014, "guardianFormReference": "PĐY-7A-01", "guardianFormDate": "2026-02-20"]]
            )
            #expect(created.status == .created, "\(String(buffer: created.body))")
            let card = try #require(try cards(created).first)
            let target = Session(learnerId: card.id, accessToken: "", refreshToken: "")
            #expect(try await AccommodationTests.auditActions(url: url, target: target) == ["guardian-consent-recorded"])

            let session = try decode(Session.self, try await firstSignIn(client, name: card.name, code: card.code))
            let export = try object(try await client.execute(uri: "/v1/me/export", method: .get, headers: bearer(session.accessToken)))
            let record = try #require(export["managedAccount"] as? [String: Any])
            #expect(record["guardianFormReference"] as? String == "PĐY-7A-01" && record["guardianFormDate"] as? String == "2026-02-20")
            #expect(record["classId"] as? String == classID && record["firstSignedInAt"] != nil)
        }
    }

    /// With the guardian's contact, the guardian confirms with a code sent to them, as at registration.
    @Test func aGuardiansContactMakesTheGuardianConfirmAsAtRegistration() async throws {
        let notifier = RecordingNotifier()
        try await withTestApp(notifier: notifier) { client, url in
            let (_, school, _, classID) = try await setUp(client, url: url)
            let created = try await create(
                client,
                classID: classID,
                as: school,
                people: [["name": "Bé Bin", "birthYear": 2015, "guardianContact": "0912345678"]]
            )
            let card = try #require(try cards(created).first)
            let guardianCode = try #require(notifier.lastCode(to: "0912345678"))
            let session = try decode(Session.self, try await firstSignIn(client, name: card.name, code: card.code))
            let me = try object(try await client.execute(uri: "/v1/me", method: .get, headers: bearer(session.accessToken)))
            #expect(me["guardianConsent"] as? String == "pending")
            let confirmed = try await client.execute(
                uri: "/v1/me/contacts/verify",
                method: .post,
                headers: bearer(session.accessToken),
                body: json(["contact": "0912345678", "code": guardianCode])
            )
            #expect(confirmed.status == .ok, "\(String(buffer: confirmed.body))")
            #expect(try object(confirmed)["guardianConsent"] as? String == "confirmed")
            let target = Session(learnerId: card.id, accessToken: "", refreshToken: "")
            #expect(try await AccommodationTests.auditActions(url: url, target: target) == ["guardian-consent-recorded"])
        }
    }

    @Test func aReissuedCardReplacesTheOldCodeAndResetsAForgottenPassword() async throws {
        try await withTestApp { client, url in
            let (_, school, hue, classID) = try await setUp(client, url: url)
            let created = try await create(client, classID: classID, as: school, people: [["name": "Bà Tư", "birthYear": 1950]])
            let card = try #require(try cards(created).first)
            let uri = "/v1/classes/\(classID)/managed-accounts/\(card.id)/card"

            let reissued = try await client.execute(uri: uri, method: .post, headers: bearer(school.accessToken))
            #expect(reissued.status == .ok)
            #expect(reissued.headers[.cacheControl] == "no-store")
            let newCard = try #require(try cards(reissued).first)
            #expect(newCard.name == card.name && newCard.code != card.code)
            try expectProblem(try await firstSignIn(client, name: card.name, code: card.code), status: .unauthorized, type: "unauthorized")
            let session = try decode(Session.self, try await firstSignIn(client, name: card.name, code: newCard.code.lowercased()))
            #expect(try await AccommodationTests.auditActions(url: url, target: session) == ["sign-in-card-reissued"])

            // A forgotten password: a new card sets a new one and ends the old sessions.
            let again = try #require(try cards(try await client.execute(uri: uri, method: .post, headers: bearer(school.accessToken))).first)
            #expect(try await firstSignIn(client, name: card.name, code: again.code, password: "mật khẩu mới của bà Tư").status == .ok)
            #expect(try await client.execute(uri: "/v1/me", method: .get, headers: bearer(session.accessToken)).status == .unauthorized)
            #expect(try await login(client, name: card.name, password: "mật khẩu mới của bà Tư").status == .ok)

            try expectProblem(
                try await client.execute(uri: uri, method: .post, headers: bearer(hue.accessToken)),
                status: .notFound,
                type: "not-found"
            )
            let learner = try await register(client, "hoc.vien@example.org")
            try expectProblem(
                try await client.execute(uri: uri, method: .post, headers: bearer(learner.accessToken)),
                status: .forbidden,
                type: "forbidden"
            )
            let other = try await create(client, classID: classID, as: hue, people: [["name": "Ai đó", "birthYear": 1990]])
            try expectProblem(other, status: .notFound, type: "not-found")
            let mine = try await create(client, classID: classID, as: learner, people: [["name": "Ai đó", "birthYear": 1990]])
            try expectProblem(mine, status: .forbidden, type: "forbidden")
            let anonymous = try await client.execute(
                uri: "/v1/classes/\(classID)/managed-accounts",
                method: .post,
                headers: jsonHeaders,
                body: json(["people": [["name": "Ai đó"]]])
            )
            #expect(anonymous.status == .unauthorized)
            let notManaged = "/v1/classes/\(classID)/managed-accounts/\(learner.learnerId)/card"
            try expectProblem(
                try await client.execute(uri: notManaged, method: .post, headers: bearer(school.accessToken)),
                status: .notFound,
                type: "not-found"
            )
        }
    }

    @Test func aManagedAccountIsThePersonsToExportAndErase() async throws {
        try await withTestApp { client, url in
            let (_, school, _, classID) = try await setUp(client, url: url)
            let created = try await create(
                client,
                classID: classID,
                as: school,
                people: [["name": "Ông Năm", "birthYear": 1955, "statisticsConsent": true, "sex": "male", "groups": ["older-person"]]]
            )
            let card = try #require(try cards(created).first)
            let session = try decode(Session.self, try await firstSignIn(client, name: card.name, code: card.code))
            let export = try object(try await client.execute(uri: "/v1/me/export", method: .get, headers: bearer(session.accessToken)))
            let account = try #require(export["account"] as? [String: Any])
            let contacts = try #require(account["contacts"] as? [[String: Any]])
            #expect(contacts.contains { $0["kind"] as? String == "sign-in-name" && $0["value"] as? String == card.name })
            #expect(account["sex"] as? String == "male")
            let consents = (export["consentHistory"] as? [[String: Any]])?.compactMap { $0["purpose"] as? String }
            #expect(Set(consents ?? []) == ["statistics", "terms"], "the terms are the person's own, given at the first sign-in")
            #expect((export["managedAccount"] as? [String: Any])?["classId"] as? String == classID)

            let erased = try await client.execute(
                uri: "/v1/me",
                method: .delete,
                headers: bearer(session.accessToken),
                body: json(["password": Self.password])
            )
            #expect(erased.status == .noContent)
            #expect(try await login(client, name: card.name).status == .unauthorized)
            let left = try await TestDatabase.withDatabase(url: url) { database in
                try await database.withConnection { connection in
                    let id = UUID(uuidString: card.id)!
                    return try await connection.query(
                        """
                        SELECT (SELECT count(*) FROM managed_accounts WHERE learner_id = \(id))
                             + (SELECT count(*) FROM guardian_consent_records WHERE learner_id = \(id))
                             + (SELECT count(*) FROM learner_contacts WHERE learner_id = \(id))
                        """,
                        logger: database.logger
                    ).collect().first?.decode(Int.self)
                }
            }
            #expect(left == 0)
            let reissue = try await client.execute(
                uri: "/v1/classes/\(classID)/managed-accounts/\(card.id)/card",
                method: .post,
                headers: bearer(school.accessToken)
            )
            #expect(reissue.status == .notFound, "no card for an erased person")
        }
    }
}
