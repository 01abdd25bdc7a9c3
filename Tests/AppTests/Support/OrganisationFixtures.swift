import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// A small tree for the tests of managers' reach: the national programme, two province
/// departments, and under each a school.
///
///     national
///     ├── so-ha-noi ── truong-ha-noi
///     └── so-hue ───── truong-hue
enum OrganisationFixtures {
    static let tree: [[String: String]] = [
        ["id": "national", "kind": "national-programme", "nameVi": "Chương trình quốc gia", "nameEn": "National programme"],
        [
            "id": "so-ha-noi", "parentId": "national", "kind": "province-department", "nameVi": "Sở Hà Nội", "nameEn": "Ha Noi department",
            "province": "ha-noi",
        ],
        [
            "id": "truong-ha-noi", "parentId": "so-ha-noi", "kind": "school", "nameVi": "Trường Hà Nội", "nameEn": "Ha Noi school",
            "province": "ha-noi",
        ],
        ["id": "so-hue", "parentId": "national", "kind": "province-department", "nameVi": "Sở Huế", "nameEn": "Hue department", "province": "hue"],
        ["id": "truong-hue", "parentId": "so-hue", "kind": "school", "nameVi": "Trường Huế", "nameEn": "Hue school", "province": "hue"],
    ]

    /// Creates the tree as `admin`.
    static func createTree(_ client: some TestClientProtocol, admin: Session) async throws {
        for organisation in tree {
            let response = try await client.execute(
                uri: "/v1/admin/organisations",
                method: .post,
                headers: bearer(admin.accessToken),
                body: json(organisation)
            )
            #expect(response.status == .created, "creating \(organisation["id"]!): \(String(buffer: response.body))")
        }
    }

    /// Registers a person and makes them a manager of `organisation`.
    static func manager(_ client: some TestClientProtocol, of organisation: String, admin: Session) async throws -> Session {
        let session = try await register(client, "quan.ly.\(organisation)@example.org")
        let response = try await client.execute(
            uri: "/v1/admin/organisations/\(organisation)/managers/\(session.learnerId)",
            method: .put,
            headers: bearer(admin.accessToken)
        )
        #expect(response.status == .noContent, "assigning a manager: \(String(buffer: response.body))")
        return session
    }

    /// Creates a class in `organisation` as `manager` and returns it.
    static func createClass(
        _ client: some TestClientProtocol,
        in organisation: String,
        as manager: Session,
        capacity: Int = 30,
        courses: [String] = ["example-course"]
    ) async throws -> ClassDocument {
        let response = try await client.execute(
            uri: "/v1/organisations/\(organisation)/classes",
            method: .post,
            headers: bearer(manager.accessToken),
            body: json([
                "name": "Lớp an toàn mạng", "courseIds": courses, "startsOn": "2026-03-01", "endsOn": "2026-03-31",
                "facilitator": "Cô Lan", "capacity": capacity,
            ])
        )
        #expect(response.status == .created, "creating a class: \(String(buffer: response.body))")
        return try decode(ClassDocument.self, response)
    }
}

struct ClassDocument: Decodable {
    var id: String
    var organisationId: String
    var name: String
    var capacity: Int
    var seatsTaken: Int
    var joinCode: String?
}
