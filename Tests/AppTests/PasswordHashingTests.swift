import App
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOPosix
import PasswordHashing
import Persistence
import PostgresNIO
import TestSupport
import Testing

@Suite struct PasswordHashingTests {
    @Test func hashesArePHCStringsThatVerify() async throws {
        let hasher = PasswordHasher(parameters: .minimum, threadPool: .singleton, maxOutstanding: 4)
        let hash = try await hasher.hash("một câu mật khẩu dài")
        #expect(hash.hasPrefix("$argon2id$v=19$m=19456,t=2,p=1$"))
        #expect(try await hasher.verify("một câu mật khẩu dài", against: hash))
        #expect(try await !hasher.verify("một câu mật khẩu dài!", against: hash))
        #expect(try await !hasher.verify("anything", against: "not a hash"))
        #expect(!hasher.needsRehash(hash))
        #expect(hasher.needsRehash("$argon2id$v=19$m=8192,t=2,p=1$c2FsdHNhbHQ$aGFzaA"))
        #expect(hasher.needsRehash("$2b$12$bcrypt"))
    }

    @Test func aBurstPastTheBoundIsRefusedNotQueuedWithoutLimit() async throws {
        let hasher = PasswordHasher(parameters: .minimum, threadPool: .singleton, maxOutstanding: 2)
        let outcomes = await withTaskGroup(of: Bool.self) { group in
            for index in 0..<12 {
                group.addTask {
                    do {
                        _ = try await hasher.hash("mật khẩu thứ \(index)")
                        return true
                    } catch {
                        return false
                    }
                }
            }
            return await group.reduce(into: []) { $0.append($1) }
        }
        #expect(outcomes.contains(true))
        #expect(outcomes.contains(false), "12 at once with room for 2 must refuse some")
    }

    @Test func aWeakerStoredHashIsReplacedAtTheNextSignIn() async throws {
        try await withTestApp { client, url in
            let session = try await register(client, "vy@example.org")
            let weak = PasswordHasher(parameters: .init(memoryKiB: 8192, iterations: 1, parallelism: 1), threadPool: .singleton, maxOutstanding: 1)
            let weakHash = try await weak.hash("gió mùa thu về trên phố")
            let learner = UUID(uuidString: session.learnerId)!
            let stored = { () async throws -> String in
                try await TestDatabase.withDatabase(url: url) { database in
                    try await database.withConnection { connection in
                        try await connection.query("SELECT password_hash FROM learners WHERE learner_id = \(learner)", logger: database.logger)
                            .collect().first!.decode(String.self)
                    }
                }
            }
            try await TestDatabase.withDatabase(url: url) { database in
                try await database.withConnection { connection in
                    _ = try await connection.query(
                        "UPDATE learners SET password_hash = \(weakHash) WHERE learner_id = \(learner)",
                        logger: database.logger
                    )
                }
            }
            #expect(try await signIn(client, "vy@example.org").status == .ok)
            #expect(try await stored().hasPrefix("$argon2id$v=19$m=19456,t=2,p=1$"))
        }
    }

    @Test func registrationIsThrottledPerAddress() async throws {
        try await withTestApp { client, _ in
            var headers = jsonHeaders
            headers[.xForwardedFor] = "198.51.100.200"
            var statuses: [HTTPResponse.Status] = []
            for index in 0..<12 {
                let response = try await client.execute(
                    uri: "/v1/auth/register",
                    method: .post,
                    headers: headers,
                    body: registration("spam\(index)@example.org")
                )
                statuses.append(response.status)
            }
            #expect(statuses.prefix(11).allSatisfy { $0 == .created })
            #expect(statuses.last == .tooManyRequests)
        }
    }
}
