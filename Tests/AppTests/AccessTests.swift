import APIContract
import App
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Persistence
import PostgresNIO
import TestSupport
import Testing

@Suite struct AccessTests {
    /// Every operation the contract marks as needing a bearer token, read from openapi.yaml.
    static let protectedOperations: [(method: HTTPRequest.Method, path: String)] = {
        let text = String(decoding: OpenAPIDocument.bytes, as: UTF8.self)
        var result: [(HTTPRequest.Method, String)] = []
        var path: String?
        var method: HTTPRequest.Method?
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("  /"), line.hasSuffix(":") {
                path = String(line.dropFirst(2).dropLast())
            } else if line.hasPrefix("    "), !line.hasPrefix("     "), line.hasSuffix(":"),
                let parsed = HTTPRequest.Method(String(line.dropFirst(4).dropLast()).uppercased())
            {
                method = parsed
            } else if line == "      security:", let path, let method {
                result.append((method, path.replacingOccurrences(of: "{userId}", with: UUID().uuidString)))
            } else if line == "components:" {
                break
            }
        }
        return result
    }()

    @Test func theContractMarksTheProtectedOperations() {
        #expect(Self.protectedOperations.count >= 10)
    }

    @Test func everyProtectedOperationRefusesAnAnonymousCaller() async throws {
        try await withTestApp { client, _ in
            for (method, path) in Self.protectedOperations {
                let response = try await client.execute(uri: path, method: method, headers: jsonHeaders, body: json([:]))
                #expect(response.status == .unauthorized, "\(method) \(path) answered \(response.status)")
                #expect(response.headers[.wwwAuthenticate] == "Bearer")
            }
        }
    }

    /// Tokens are checked where an operation needs a caller, not in the middleware; whatever
    /// checks them (the access policy, or answer save's own statement), one that is not live
    /// answers 401 before any other refusal.
    @Test func everyProtectedOperationRefusesATokenThatIsNotLive() async throws {
        try await withTestApp { client, _ in
            let session = try await register(client, "signed.out@example.org")
            #expect(try await client.execute(uri: "/v1/auth/logout", method: .post, headers: bearer(session.accessToken)).status == .noContent)
            for token in [session.accessToken, "not-a-token"] {
                for (method, path) in Self.protectedOperations {
                    let response = try await client.execute(uri: path, method: method, headers: bearer(token), body: json([:]))
                    #expect(response.status == .unauthorized, "\(method) \(path) answered \(response.status)")
                }
            }
        }
    }

    @Test func publicOperationsAnswerCallersWithAnyToken() async throws {
        try await withTestApp { client, _ in
            for token in ["not-a-token", String(repeating: "A", count: 64)] {
                let response = try await client.execute(uri: "/v1/provinces", method: .get, headers: bearer(token))
                #expect(response.status == .ok, "a public list is public whatever token comes with it")
            }
        }
    }

    @Test func adminOperationsRefuseLearnersAndStatisticians() async throws {
        try await withTestApp { client, url in
            let learner = try await register(client, "learner@example.org")
            for (method, path) in Self.protectedOperations where path.hasPrefix("/v1/admin/") {
                let response = try await client.execute(
                    uri: path + "?identifier=x@example.org",
                    method: method,
                    headers: bearer(learner.accessToken),
                    body: json(["roles": ["admin"]])
                )
                try expectProblem(response, status: .forbidden, type: "forbidden")
            }
        }
    }

    @Test func adminsFindPeopleAndGrantRolesWhichAreAudited() async throws {
        try await withTestApp { client, url in
            let admin = try await register(client, "boss@example.org")
            let target = try await register(client, "0933 222 111")
            try await TestDatabase.withDatabase(url: url) { database in
                try await database.withConnection { connection in
                    _ = try await connection.query(
                        "UPDATE learners SET roles = '{admin}' WHERE learner_id = \(UUID(uuidString: admin.learnerId)!)",
                        logger: database.logger
                    )
                }
            }
            let found = try await client.execute(uri: "/v1/admin/users?identifier=%2B84933222111", method: .get, headers: bearer(admin.accessToken))
            #expect(found.status == .ok)
            let items = try #require(try object(found)["items"] as? [[String: Any]])
            #expect(items.first?["id"] as? String == target.learnerId)

            let granted = try await client.execute(
                uri: "/v1/admin/users/\(target.learnerId)/roles",
                method: .put,
                headers: bearer(admin.accessToken),
                body: json(["roles": ["statistician", "learner"]])
            )
            #expect(granted.status == .ok)
            #expect(try object(granted)["roles"] as? [String] == ["learner", "statistician"])

            let statistician = try await client.execute(
                uri: "/v1/admin/users?identifier=boss@example.org",
                method: .get,
                headers: bearer(target.accessToken)
            )
            try expectProblem(statistician, status: .forbidden, type: "forbidden")

            let selfDemotion = try await client.execute(
                uri: "/v1/admin/users/\(admin.learnerId)/roles",
                method: .put,
                headers: bearer(admin.accessToken),
                body: json(["roles": []])
            )
            try expectProblem(selfDemotion, status: .unprocessableContent, type: "validation")
            let missing = try await client.execute(
                uri: "/v1/admin/users/\(UUID().uuidString)/roles",
                method: .put,
                headers: bearer(admin.accessToken),
                body: json(["roles": []])
            )
            try expectProblem(missing, status: .notFound, type: "not-found")

            let audited = try await TestDatabase.withDatabase(url: url) { database in
                try await database.withConnection { connection in
                    try await connection.query("SELECT count(*)::int FROM admin_audit WHERE action = 'set-roles'", logger: database.logger)
                        .collect().first!.decode(Int.self)
                }
            }
            #expect(audited == 1)
        }
    }

    @Test func everyGeneratedOperationHasAnAccessRule() {
        let text = String(decoding: OpenAPIDocument.bytes, as: UTF8.self)
        let ids = text.split(separator: "\n").compactMap { line -> String? in
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            return trimmed.hasPrefix("operationId: ") ? String(trimmed.dropFirst("operationId: ".count)) : nil
        }
        #expect(!ids.isEmpty)
        for id in ids {
            #expect(AccessRules.known(id), "\(id) has no access rule and is refused to everyone")
        }
    }
}
