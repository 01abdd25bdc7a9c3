import Credentials
import Domain
import Foundation
import NIOPosix
import PasswordHashing
import Persistence
import Services
import TestSupport

/// Services over a fresh migrated database, at a fixed instant, with seeded randomness: no
/// HTTP, as the command line and the dashboard call them.
struct ServiceFixture {
    static let now = Date(timeIntervalSince1970: 1_772_330_400)  // 2026-03-01T02:00:00Z

    let context: ServiceContext

    var attempts: AttemptService {
        AttemptService(
            context: context,
            issuer: CertificateIssuer(key: SigningKey.generate(now: Self.now), publicBaseURL: URL(string: "https://safeskills.test")!)
        )
    }

    static func withFresh<Result: Sendable>(_ body: @Sendable (ServiceFixture) async throws -> Result) async throws -> Result {
        try await TestDatabase.withFresh { url in
            try await TestDatabase.withDatabase(url: url) { database in
                try await body(ServiceFixture(context: ServiceContext(database: database, clock: .fixed(now), random: .seeded(7))))
            }
        }
    }

    /// The example pack the tests ship, as a folder.
    static var examplePack: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/Packs/example-course").path
    }
}

enum PasswordHasherFixture {
    static let hasher = PasswordHasher(parameters: .minimum, threadPool: .singleton, maxOutstanding: 2)
}
