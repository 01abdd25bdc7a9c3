import Credentials
import Foundation
import Services
import TestSupport
import Testing

@Suite struct AttemptClosingTests {
    @Test func theJobClosesAbandonedAttemptsAsOfTheirDeadline() async throws {
        let clock = TestClock()
        try await withTestApp(clock: clock.wallClock) { client, url in
            try await importPack(client, url: url, examplePack(quizSettings: "    timeLimitMinutes: 2\n"))
            let session = try await register(client, "bo.do@example.org")
            let attempt = try decode(AttemptDocument.self, try await startAttempt(client, session))
            _ = try await saveAnswer(client, session, attempt: attempt.id, item: "ex-single", ["optionIds": ["b"]])
            clock.advance(by: 120 + 31)
            try await TestDatabase.withDatabase(url: url) { database in
                let issuer = CertificateIssuer(
                    key: try SigningKey.read(Data(contentsOf: URL(fileURLWithPath: testSigningKeyFile))),
                    publicBaseURL: URL(string: "https://safeskills.test")!
                )
                let context = ServiceContext(database: database, clock: clock.wallClock)
                try await AttemptService(context: context, issuer: issuer).closeOverdue()
            }
            #expect(try await query("SELECT count(*)::int FROM attempts WHERE close_reason = 'expired' AND closed_at = deadline", url: url) == 1)
            let score = try await query("SELECT score FROM attempts", url: url, as: Double.self)
            #expect(abs(score - 1.0 / 6.0) < 1e-9)
        }
    }
}
