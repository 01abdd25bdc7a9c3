import App
import Foundation
import Hummingbird
import HummingbirdTesting
import NIOPosix
import PasswordHashing
import Persistence
import PostgresNIO
import TestSupport
import Testing

/// Stored hashes are upgraded to the current Argon2id parameters when their owner signs in.
@Suite struct PasswordRehashTests {
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
}
