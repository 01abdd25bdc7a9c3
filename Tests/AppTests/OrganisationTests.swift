import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// The organisation tree and the reach of its managers (issue 19, item 1).
@Suite struct OrganisationTests {
    struct OrganisationList: Decodable {
        struct Item: Decodable {
            var id: String
            var name: String
            var path: [String]
        }

        var items: [Item]
    }

    func visible(_ client: some TestClientProtocol, _ session: Session) async throws -> [String] {
        let response = try await client.execute(uri: "/v1/organisations", method: .get, headers: bearer(session.accessToken))
        #expect(response.status == .ok)
        return try decode(OrganisationList.self, response).items.map(\.id)
    }

    @Test func aProvinceManagerSeesTheSchoolsUnderItAndNothingElse() async throws {
        try await withTestApp { client, url in
            let admin = try await registerAdmin(client, url: url)
            try await OrganisationFixtures.createTree(client, admin: admin)
            let province = try await OrganisationFixtures.manager(client, of: "so-ha-noi", admin: admin)
            let school = try await OrganisationFixtures.manager(client, of: "truong-hue", admin: admin)

            #expect(try await visible(client, admin) == ["national", "so-ha-noi", "so-hue", "truong-ha-noi", "truong-hue"])
            #expect(try await visible(client, province) == ["so-ha-noi", "truong-ha-noi"])
            #expect(try await visible(client, school) == ["truong-hue"])

            let own = try await client.execute(uri: "/v1/organisations/truong-ha-noi", method: .get, headers: bearer(province.accessToken))
            #expect(own.status == .ok)
            #expect(try object(own)["path"] as? [String] == ["national", "so-ha-noi", "truong-ha-noi"])
            for (session, other) in [(province, "truong-hue"), (province, "national"), (school, "so-hue"), (school, "truong-ha-noi")] {
                let response = try await client.execute(uri: "/v1/organisations/\(other)", method: .get, headers: bearer(session.accessToken))
                try expectProblem(response, status: .notFound, type: "not-found")
            }
        }
    }

    @Test func someoneWhoManagesNothingIsRefused() async throws {
        try await withTestApp { client, url in
            let admin = try await registerAdmin(client, url: url)
            try await OrganisationFixtures.createTree(client, admin: admin)
            let learner = try await register(client, "hoc.vien@example.org")
            for path in ["/v1/organisations", "/v1/organisations/national", "/v1/organisations/national/classes"] {
                let response = try await client.execute(uri: path, method: .get, headers: bearer(learner.accessToken))
                try expectProblem(response, status: .forbidden, type: "forbidden")
            }
            let assign = try await client.execute(
                uri: "/v1/admin/organisations/national/managers/\(learner.learnerId)",
                method: .put,
                headers: bearer(learner.accessToken)
            )
            try expectProblem(assign, status: .forbidden, type: "forbidden")
        }
    }

    @Test func aBadOrganisationIsRefusedNamingEveryField() async throws {
        try await withTestApp { client, url in
            let admin = try await registerAdmin(client, url: url)
            let create = { (body: [String: Any]) in
                try await client.execute(uri: "/v1/admin/organisations", method: .post, headers: bearer(admin.accessToken), body: json(body))
            }
            let bad = try expectProblem(
                try await create(["id": "Sở Hà Nội", "kind": "ministry-of-fun", "nameEn": 5]),
                status: .unprocessableContent,
                type: "validation"
            )
            #expect(Set(bad.errors?.map(\.pointer) ?? []) == ["/id", "/kind", "/nameVi", "/nameEn"])

            let orphan = try expectProblem(
                try await create(["id": "so-le", "kind": "school", "nameVi": "Trường", "nameEn": "School", "province": "ha-noi"]),
                status: .unprocessableContent,
                type: "validation"
            )
            #expect(orphan.errors?.map(\.pointer) == ["/parentId"])

            try await OrganisationFixtures.createTree(client, admin: admin)
            let underSchool = try expectProblem(
                try await create([
                    "id": "lop-con", "parentId": "truong-hue", "kind": "association", "nameVi": "Hội", "nameEn": "Association",
                    "province": "atlantis",
                ]),
                status: .unprocessableContent,
                type: "validation"
            )
            #expect(Set(underSchool.errors?.map(\.pointer) ?? []) == ["/parentId", "/province"])

            let unknownParent = try expectProblem(
                try await create(["id": "hoi-moi", "parentId": "khong-co", "kind": "association", "nameVi": "Hội", "nameEn": "Association"]),
                status: .unprocessableContent,
                type: "validation"
            )
            #expect(unknownParent.errors?.map(\.pointer) == ["/parentId"])

            let taken = try await create(["id": "so-hue", "parentId": "national", "kind": "agency", "nameVi": "Cơ quan", "nameEn": "Agency"])
            try expectProblem(taken, status: .conflict, type: "conflict")
            #expect(try await visible(client, admin).count == OrganisationFixtures.tree.count, "nothing refused was stored")
        }
    }

    @Test func managersAreAssignedToExistingPeopleAndOrganisationsAndCanBeRemoved() async throws {
        try await withTestApp { client, url in
            let admin = try await registerAdmin(client, url: url)
            try await OrganisationFixtures.createTree(client, admin: admin)
            let person = try await register(client, "can.bo@example.org")
            let assign = { (organisation: String, user: String, method: HTTPRequest.Method) in
                try await client.execute(
                    uri: "/v1/admin/organisations/\(organisation)/managers/\(user)",
                    method: method,
                    headers: bearer(admin.accessToken)
                )
            }
            try expectProblem(try await assign("khong-co", person.learnerId, .put), status: .notFound, type: "not-found")
            try expectProblem(try await assign("so-hue", UUID().uuidString, .put), status: .notFound, type: "not-found")
            try expectProblem(try await assign("so-hue", "not-a-uuid", .put), status: .notFound, type: "not-found")
            #expect(try await assign("so-hue", person.learnerId, .put).status == .noContent)
            #expect(try await assign("so-hue", person.learnerId, .put).status == .noContent, "assigning twice changes nothing")
            #expect(try await visible(client, person) == ["so-hue", "truong-hue"])
            #expect(
                try await query("SELECT count(*)::integer FROM admin_audit WHERE action = 'assign-manager'", url: url) == 2,
                "every assignment is audited"
            )

            #expect(try await assign("so-hue", person.learnerId, .delete).status == .noContent)
            try expectProblem(try await assign("so-hue", person.learnerId, .delete), status: .notFound, type: "not-found")
            let after = try await client.execute(uri: "/v1/organisations", method: .get, headers: bearer(person.accessToken))
            try expectProblem(after, status: .forbidden, type: "forbidden")
        }
    }
}
