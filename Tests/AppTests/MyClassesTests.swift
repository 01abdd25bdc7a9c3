import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// A person's own classes (issue 19): the list they see and what their data export holds.
@Suite struct MyClassesTests {
    func myClasses(_ client: some TestClientProtocol, _ session: Session) async throws -> [[String: Any]] {
        let response = try await client.execute(uri: "/v1/me/classes", method: .get, headers: bearer(session.accessToken))
        #expect(response.status == .ok, "\(String(buffer: response.body))")
        return try object(response)["items"] as? [[String: Any]] ?? []
    }

    @Test func eachPersonSeesTheirOwnClassesAndNobodyInThem() async throws {
        try await withTestApp { client, url in
            try await importPack(client, url: url, examplePack())
            let admin = try await registerAdmin(client, url: url)
            try await OrganisationFixtures.createTree(client, admin: admin)
            let school = try await OrganisationFixtures.manager(client, of: "truong-ha-noi", admin: admin)
            let hue = try await OrganisationFixtures.manager(client, of: "truong-hue", admin: admin)
            let haNoiClass = try await OrganisationFixtures.createClass(client, in: "truong-ha-noi", as: school)
            let hueClass = try await OrganisationFixtures.createClass(client, in: "truong-hue", as: hue)

            let an = try await register(client, "an@example.org", extra: ["classCode": try #require(haNoiClass.joinCode)])
            let binh = try await register(client, "binh@example.org", extra: ["classCode": try #require(hueClass.joinCode)])
            let nobody = try await register(client, "chi@example.org")

            let mine = try await myClasses(client, an)
            #expect(mine.count == 1)
            let only = try #require(mine.first)
            #expect(only["classId"] as? String == haNoiClass.id)
            #expect(only["name"] as? String == "Lớp an toàn mạng")
            #expect(only["organisationId"] as? String == "truong-ha-noi" && only["organisationName"] as? String == "Trường Hà Nội")
            #expect(only["courseIds"] as? [String] == ["example-course"])
            #expect(only["startsOn"] as? String == "2026-03-01" && only["endsOn"] as? String == "2026-03-31")
            #expect(only["joinedAt"] != nil && only["leftAt"] == nil)
            let text = String(
                buffer: try await client.execute(uri: "/v1/me/classes", method: .get, headers: bearer(an.accessToken)).body
            )
            #expect(!text.contains(binh.learnerId) && !text.contains(an.learnerId) && !text.contains("joinCode"), "no people, no code")

            #expect(try await myClasses(client, binh).map { $0["classId"] as? String } == [hueClass.id])
            #expect(try await myClasses(client, nobody).isEmpty)

            var english = bearer(an.accessToken)
            english[.acceptLanguage] = "en"
            let inEnglish = try await client.execute(uri: "/v1/me/classes", method: .get, headers: english)
            #expect((try object(inEnglish)["items"] as? [[String: Any]])?.first?["organisationName"] as? String == "Ha Noi school")

            #expect(
                try await client.execute(uri: "/v1/me/classes/\(haNoiClass.id)", method: .delete, headers: bearer(an.accessToken)).status
                    == .noContent
            )
            #expect(try await myClasses(client, an).isEmpty, "a class left is not listed")

            let anonymous = try await client.execute(uri: "/v1/me/classes", method: .get, headers: jsonHeaders)
            try expectProblem(anonymous, status: .unauthorized, type: "unauthorized")
        }
    }

    @Test func theExportHoldsEveryClassAndEveryReadOfTheirProgress() async throws {
        try await withTestApp { client, url in
            try await importPack(client, url: url, examplePack())
            let admin = try await registerAdmin(client, url: url)
            try await OrganisationFixtures.createTree(client, admin: admin)
            let school = try await OrganisationFixtures.manager(client, of: "truong-ha-noi", admin: admin)
            let first = try await OrganisationFixtures.createClass(client, in: "truong-ha-noi", as: school)
            let second = try await OrganisationFixtures.createClass(client, in: "truong-ha-noi", as: school)
            let consents = [currentConsents[0], ["purpose": "organisation", "version": "2026-11"]]
            let an = try await register(client, "an@example.org", extra: ["classCode": try #require(first.joinCode), "consents": consents])
            let join = try await client.execute(
                uri: "/v1/me/classes",
                method: .post,
                headers: bearer(an.accessToken),
                body: json(["classCode": try #require(second.joinCode)])
            )
            #expect(join.status == .created)
            let progress = try await client.execute(uri: "/v1/classes/\(second.id)/progress", method: .get, headers: bearer(school.accessToken))
            #expect(progress.status == .ok)
            #expect(
                try await client.execute(uri: "/v1/me/classes/\(first.id)", method: .delete, headers: bearer(an.accessToken)).status == .noContent
            )

            let response = try await client.execute(uri: "/v1/me/export", method: .get, headers: bearer(an.accessToken))
            #expect(response.status == .ok)
            let export = try object(response)
            let classes = try #require(export["classes"] as? [[String: Any]])
            #expect(Set(classes.compactMap { $0["classId"] as? String }) == [first.id, second.id], "past classes too")
            #expect(classes.first { $0["classId"] as? String == first.id }?["leftAt"] != nil)
            #expect(classes.first { $0["classId"] as? String == second.id }?["leftAt"] == nil)
            let reads = try #require(export["progressReads"] as? [[String: Any]])
            #expect(reads.count == 1)
            #expect(reads.first?["classId"] as? String == second.id && reads.first?["what"] as? String == "class-progress")
            #expect(!String(buffer: response.body).contains(school.learnerId), "who read it is the reader's data")
        }
    }
}
