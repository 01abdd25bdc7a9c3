import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// Administrators manage the tree (issue 19, item 1): rename, re-kind, move and delete.
@Suite struct OrganisationChangeTests {
    func change(_ client: some TestClientProtocol, _ id: String, _ body: [String: Any], as session: Session) async throws -> TestResponse {
        try await client.execute(uri: "/v1/admin/organisations/\(id)", method: .patch, headers: bearer(session.accessToken), body: json(body))
    }

    func delete(_ client: some TestClientProtocol, _ id: String, as session: Session) async throws -> TestResponse {
        try await client.execute(uri: "/v1/admin/organisations/\(id)", method: .delete, headers: bearer(session.accessToken))
    }

    /// Every organisation's stored chain of ids, by id.
    func paths(_ client: some TestClientProtocol, _ admin: Session) async throws -> [String: [String]] {
        let response = try await client.execute(uri: "/v1/organisations", method: .get, headers: bearer(admin.accessToken))
        let items = try object(response)["items"] as? [[String: Any]] ?? []
        return Dictionary(uniqueKeysWithValues: items.map { ($0["id"] as? String ?? "", $0["path"] as? [String] ?? []) })
    }

    @Test func anAdministratorRenamesAndMovesAWholeBranch() async throws {
        try await withTestApp { client, url in
            let admin = try await registerAdmin(client, url: url)
            try await OrganisationFixtures.createTree(client, admin: admin)
            let hueManager = try await OrganisationFixtures.manager(client, of: "so-hue", admin: admin)
            let ministry = try await client.execute(
                uri: "/v1/admin/organisations",
                method: .post,
                headers: bearer(admin.accessToken),
                body: json(["id": "bo-gd", "kind": "ministry", "nameVi": "Bộ Giáo dục", "nameEn": "Ministry of Education"])
            )
            #expect(ministry.status == .created)

            let renamed = try await change(client, "so-hue", ["nameVi": "Sở TT Huế", "nameEn": "Hue information department"], as: admin)
            #expect(renamed.status == .ok, "\(String(buffer: renamed.body))")
            #expect(try object(renamed)["name"] as? String == "Sở TT Huế")
            #expect(try object(renamed)["kind"] as? String == "province-department", "fields not sent stay")

            let moved = try await change(client, "so-hue", ["parentId": "bo-gd"], as: admin)
            #expect(moved.status == .ok, "\(String(buffer: moved.body))")
            let after = try await paths(client, admin)
            #expect(after["so-hue"] == ["bo-gd", "so-hue"])
            #expect(after["truong-hue"] == ["bo-gd", "so-hue", "truong-hue"], "everything below moves with it")
            #expect(after["truong-ha-noi"] == ["national", "so-ha-noi", "truong-ha-noi"], "other branches stay")
            let managed = try await client.execute(uri: "/v1/organisations", method: .get, headers: bearer(hueManager.accessToken))
            #expect((try object(managed)["items"] as? [[String: Any]])?.compactMap { $0["id"] as? String } == ["so-hue", "truong-hue"])

            let school = try await change(client, "truong-hue", ["kind": "association", "province": NSNull()], as: admin)
            #expect(school.status == .ok, "\(String(buffer: school.body))")
            #expect(try object(school)["province"] == nil)
            #expect(
                try await query("SELECT count(*)::integer FROM admin_audit WHERE action = 'update-organisation'", url: url) == 3,
                "every change is audited"
            )
            let before = try await query(
                "SELECT details->'before'->>'nameVi' FROM admin_audit WHERE action = 'update-organisation' ORDER BY recorded_at, audit_id LIMIT 1",
                url: url,
                as: String.self
            )
            #expect(before == "Sở Huế", "the audit keeps the organisation as it was")
        }
    }

    @Test func changesThatBreakTheTreeAreRefusedAndChangeNothing() async throws {
        try await withTestApp { client, url in
            let admin = try await registerAdmin(client, url: url)
            try await OrganisationFixtures.createTree(client, admin: admin)
            let agency = try await client.execute(
                uri: "/v1/admin/organisations",
                method: .post,
                headers: bearer(admin.accessToken),
                body: json(["id": "co-quan", "parentId": "so-ha-noi", "kind": "agency", "nameVi": "Cơ quan", "nameEn": "Agency"])
            )
            #expect(agency.status == .created)
            let before = try await paths(client, admin)

            let bad = try expectProblem(
                try await change(client, "so-hue", ["nameVi": "", "kind": "castle", "province": "Huế!", "parentId": 5], as: admin),
                status: .unprocessableContent,
                type: "validation"
            )
            #expect(Set(bad.errors?.map(\.pointer) ?? []) == ["/nameVi", "/kind", "/province", "/parentId"])

            let cycle = try expectProblem(
                try await change(client, "so-ha-noi", ["parentId": "co-quan"], as: admin),
                status: .conflict,
                type: "conflict"
            )
            #expect(cycle.errors?.map(\.pointer) == ["/parentId"])
            try expectProblem(
                try await change(client, "so-ha-noi", ["parentId": "so-ha-noi"], as: admin),
                status: .unprocessableContent,
                type: "validation"
            )

            let underSchool = try expectProblem(
                try await change(client, "so-hue", ["parentId": "truong-ha-noi"], as: admin),
                status: .unprocessableContent,
                type: "validation"
            )
            #expect(underSchool.errors?.map(\.pointer) == ["/parentId"])
            let toTop = try expectProblem(
                try await change(client, "so-hue", ["parentId": NSNull()], as: admin),
                status: .unprocessableContent,
                type: "validation"
            )
            #expect(toTop.errors?.map(\.pointer) == ["/parentId"])
            let nationalBelow = try expectProblem(
                try await change(client, "national", ["parentId": "so-hue"], as: admin),
                status: .unprocessableContent,
                type: "validation"
            )
            #expect(nationalBelow.errors?.map(\.pointer) == ["/parentId"])
            let noProvince = try expectProblem(
                try await change(client, "truong-hue", ["province": NSNull()], as: admin),
                status: .unprocessableContent,
                type: "validation"
            )
            #expect(noProvince.errors?.map(\.pointer) == ["/province"])
            let unknown = try expectProblem(
                try await change(client, "so-hue", ["parentId": "khong-co", "province": "atlantis"], as: admin),
                status: .unprocessableContent,
                type: "validation"
            )
            #expect(Set(unknown.errors?.map(\.pointer) ?? []) == ["/parentId", "/province"])
            let schoolWithChildren = try expectProblem(
                try await change(client, "so-ha-noi", ["kind": "school"], as: admin),
                status: .conflict,
                type: "conflict"
            )
            #expect(schoolWithChildren.errors?.map(\.pointer) == ["/kind"])

            #expect(try await paths(client, admin) == before, "nothing refused was stored")
            let names = try await client.execute(uri: "/v1/organisations/so-hue", method: .get, headers: bearer(admin.accessToken))
            #expect(try object(names)["nameVi"] as? String == "Sở Huế")
            #expect(try await query("SELECT count(*)::integer FROM admin_audit WHERE action = 'update-organisation'", url: url) == 0)
        }
    }

    @Test func onlyAdministratorsChangeTheTree() async throws {
        try await withTestApp { client, url in
            let admin = try await registerAdmin(client, url: url)
            try await OrganisationFixtures.createTree(client, admin: admin)
            let manager = try await OrganisationFixtures.manager(client, of: "so-hue", admin: admin)
            let learner = try await register(client, "hoc.vien@example.org")
            for session in [manager, learner] {
                try expectProblem(try await change(client, "so-hue", ["nameVi": "Của tôi"], as: session), status: .forbidden, type: "forbidden")
                try expectProblem(try await delete(client, "truong-hue", as: session), status: .forbidden, type: "forbidden")
            }
            let anonymous = try await client.execute(
                uri: "/v1/admin/organisations/so-hue",
                method: .patch,
                headers: jsonHeaders,
                body: json(["nameVi": "X"])
            )
            try expectProblem(anonymous, status: .unauthorized, type: "unauthorized")
            let anonymousDelete = try await client.execute(uri: "/v1/admin/organisations/so-hue", method: .delete, headers: jsonHeaders)
            try expectProblem(anonymousDelete, status: .unauthorized, type: "unauthorized")
            try expectProblem(try await change(client, "khong-co", ["nameVi": "X"], as: admin), status: .notFound, type: "not-found")
            try expectProblem(try await delete(client, "khong-co", as: admin), status: .notFound, type: "not-found")
        }
    }

    @Test func onlyAnOrganisationNothingDependsOnIsDeleted() async throws {
        try await withTestApp { client, url in
            try await importPack(client, url: url, examplePack())
            let admin = try await registerAdmin(client, url: url)
            try await OrganisationFixtures.createTree(client, admin: admin)
            let haNoi = try await OrganisationFixtures.manager(client, of: "truong-ha-noi", admin: admin)
            let hue = try await OrganisationFixtures.manager(client, of: "truong-hue", admin: admin)
            let used = try await OrganisationFixtures.createClass(client, in: "truong-ha-noi", as: haNoi)
            _ = try await register(client, "an@example.org", extra: ["classCode": try #require(used.joinCode)])
            let empty = try await OrganisationFixtures.createClass(client, in: "truong-hue", as: hue)

            let parent = try expectProblem(try await delete(client, "so-hue", as: admin), status: .conflict, type: "conflict")
            #expect(parent.detail != nil)
            try expectProblem(try await delete(client, "truong-ha-noi", as: admin), status: .conflict, type: "conflict")
            #expect(try await paths(client, admin).count == OrganisationFixtures.tree.count, "nothing refused was deleted")

            #expect(try await delete(client, "truong-hue", as: admin).status == .noContent)
            #expect(try await paths(client, admin)["truong-hue"] == nil)
            #expect(
                try await query("SELECT count(*)::integer FROM classes WHERE class_id = '\(empty.id)'", url: url) == 0,
                "its empty class goes too"
            )
            let former = try await client.execute(uri: "/v1/organisations", method: .get, headers: bearer(hue.accessToken))
            try expectProblem(former, status: .forbidden, type: "forbidden")
            #expect(try await delete(client, "so-hue", as: admin).status == .noContent, "with nothing below it any more")
            try expectProblem(try await delete(client, "so-hue", as: admin), status: .notFound, type: "not-found")
            #expect(try await query("SELECT count(*)::integer FROM admin_audit WHERE action = 'delete-organisation'", url: url) == 2)
        }
    }
}
