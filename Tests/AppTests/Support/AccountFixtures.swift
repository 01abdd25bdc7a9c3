import App
import Domain
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Persistence
import PostgresNIO
import Synchronization
import TestSupport
import Testing

/// A clock tests can move forward.
final class TestClock: Sendable {
    private let current: Mutex<Date>

    init(_ start: Date = testNow) {
        current = Mutex(start)
    }

    func advance(by seconds: TimeInterval) {
        current.withLock { $0 = $0.addingTimeInterval(seconds) }
    }

    var wallClock: WallClock { WallClock { self.current.withLock { $0 } } }
}

struct Session: Decodable {
    var learnerId: String
    var accessToken: String
    var refreshToken: String
}

let jsonHeaders: HTTPFields = [.contentType: "application/json", .accept: "application/json"]

func bearer(_ token: String) -> HTTPFields {
    var headers = jsonHeaders
    headers[.authorization] = "Bearer \(token)"
    return headers
}

func json(_ object: [String: Any]) -> ByteBuffer {
    ByteBuffer(bytes: try! JSONSerialization.data(withJSONObject: object))
}

func decode<T: Decodable>(_ type: T.Type, _ response: TestResponse) throws -> T {
    let decoder = JSONDecoder()
    decoder.dateDecodingStrategy = .iso8601
    return try decoder.decode(type, from: Data(buffer: response.body))
}

func object(_ response: TestResponse) throws -> [String: Any] {
    try #require(try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any])
}

let currentConsents: [[String: String]] = [["purpose": "terms", "version": "2026-11"]]

/// A registration body for an adult with `identifier`; `extra` adds or replaces fields.
func registration(_ identifier: String, password: String = "gió mùa thu về trên phố", extra: [String: Any] = [:]) -> ByteBuffer {
    var body: [String: Any] = [
        identifier.contains("@") ? "email" : "phone": identifier,
        "password": password,
        "displayName": "Người học \(identifier.prefix(4))",
        "locale": "vi",
        "birthYear": 1970,
        "consents": currentConsents,
    ]
    body.merge(extra) { $1 }
    return json(body)
}

/// Registers and returns the session, failing the test when registration does not succeed.
@discardableResult
func register(
    _ client: some TestClientProtocol,
    _ identifier: String,
    password: String = "gió mùa thu về trên phố",
    extra: [String: Any] = [:],
    address: String? = nil
) async throws -> Session {
    var headers = jsonHeaders
    headers[.xForwardedFor] = address
    let response = try await client.execute(
        uri: "/v1/auth/register",
        method: .post,
        headers: headers,
        body: registration(identifier, password: password, extra: extra)
    )
    #expect(response.status == .created, "registration failed: \(String(buffer: response.body))")
    return try decode(Session.self, response)
}

/// Where staff accounts register from in tests: not the learners' address, so a test may still
/// register the ten learners an address is allowed in an hour.
let staffAddress = "192.0.2.250"

/// Registers an administrator (promoted in the database) and returns their session.
func registerAdmin(_ client: some TestClientProtocol, url: String) async throws -> Session {
    let session = try await register(client, "admin-\(UUID().uuidString.prefix(8))@example.org", address: staffAddress)
    try await TestDatabase.withDatabase(url: url) { database in
        try await database.withConnection { connection in
            _ = try await connection.query(
                "UPDATE learners SET roles = '{admin}' WHERE learner_id = \(UUID(uuidString: session.learnerId)!)",
                logger: database.logger
            )
        }
    }
    return session
}

/// Registers a statistician (promoted in the database) and returns their session: the role that
/// reads the figures and never a person.
func registerStatistician(_ client: some TestClientProtocol, url: String) async throws -> Session {
    let session = try await register(client, "so.lieu.\(UUID().uuidString.prefix(6))@example.org", address: staffAddress)
    try await TestDatabase.withDatabase(url: url) { database in
        try await database.withConnection { connection in
            _ = try await connection.query(
                "UPDATE learners SET roles = '{statistician}' WHERE learner_id = \(UUID(uuidString: session.learnerId)!)",
                logger: database.logger
            )
        }
    }
    return session
}

func signIn(
    _ client: some TestClientProtocol,
    _ identifier: String,
    password: String = "gió mùa thu về trên phố",
    address: String = "198.51.100.1",
    deviceKey: String? = nil
) async throws -> TestResponse {
    var headers = jsonHeaders
    headers[.xForwardedFor] = address
    var body: [String: Any] = ["identifier": identifier, "password": password]
    body["deviceKey"] = deviceKey
    return try await client.execute(uri: "/v1/auth/login", method: .post, headers: headers, body: json(body))
}

extension HTTPField.Name {
    static let xForwardedFor = HTTPField.Name("X-Forwarded-For")!
}
