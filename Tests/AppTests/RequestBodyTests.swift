import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// Request bodies are typed exactly in the contract, yet a body that breaks several rules, wrong
/// types included, is still one 422 naming every invalid field, in the caller's language.
@Suite struct RequestBodyTests {
    static var consents: [[String: Any]] { [["purpose": "terms", "version": "2026-11"], ["purpose": "statistics", "version": "2026-11"]] }

    /// A number for a text, a text for a list and a text for a whole number.
    static var threeWrongTypes: [String: Any] {
        [
            "email": "lan@example.org", "password": "grey heron over the paddy", "displayName": "Lan",
            "locale": 42, "groups": "student", "birthYear": "1990", "consents": consents,
        ]
    }

    @Test func threeFieldsOfTheWrongKindAreOneProblemNamingAllThree() async throws {
        try await withTestApp { client, _ in
            var headers = jsonHeaders
            headers[.acceptLanguage] = "en"
            let response = try await client.execute(uri: "/v1/auth/register", method: .post, headers: headers, body: json(Self.threeWrongTypes))
            let problem = try expectProblem(response, status: .unprocessableContent, type: "validation")
            let errors = problem.errors ?? []
            #expect(errors.map(\.pointer).sorted() == ["/birthYear", "/groups", "/locale"])
            #expect(errors.first { $0.pointer == "/groups" }?.message == "Must be a list.")
            #expect(errors.first { $0.pointer == "/birthYear" }?.message == "Must be a whole number.")
            #expect(errors.first { $0.pointer == "/locale" }?.message == "Must be a string.")

            headers[.acceptLanguage] = "vi"
            let vietnamese = try await client.execute(uri: "/v1/auth/register", method: .post, headers: headers, body: json(Self.threeWrongTypes))
            let problemVI = try expectProblem(vietnamese, status: .unprocessableContent, type: "validation")
            #expect(vietnamese.headers[.contentLanguage] == "vi")
            #expect(problemVI.errors?.first { $0.pointer == "/groups" }?.message == "Giá trị phải là một danh sách.")
        }
    }

    @Test func wrongTypesAndBrokenRulesAreReportedTogetherOnEveryTypedBody() async throws {
        try await withTestApp { client, _ in
            let report = try await client.execute(
                uri: "/v1/reach/events",
                method: .post,
                headers: jsonHeaders,
                body: json(["deviceKey": ["not", "text"], "activity": "dancing"])
            )
            let problem = try expectProblem(report, status: .unprocessableContent, type: "validation")
            #expect(Set(problem.errors?.map(\.pointer) ?? []) == ["/deviceKey", "/activity"])

            let login = try await client.execute(
                uri: "/v1/auth/login",
                method: .post,
                headers: jsonHeaders,
                body: json(["identifier": 7, "password": false])
            )
            let loginProblem = try expectProblem(login, status: .unprocessableContent, type: "validation")
            #expect(Set(loginProblem.errors?.map(\.pointer) ?? []) == ["/identifier", "/password"])
        }
    }

    @Test func onlyABodyThatIsNotAJSONObjectIsUnreadable() async throws {
        try await withTestApp { client, _ in
            let array = try await client.execute(uri: "/v1/auth/login", method: .post, headers: jsonHeaders, body: ByteBuffer(string: "[1, 2]"))
            try expectProblem(array, status: .badRequest, type: "malformed-request")
        }
    }
}
