import App
import Credentials
import Domain
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Persistence
import Services
import Synchronization
import TestSupport

/// The settings tests build the application with: a small pool, a test base URL, and deadlines
/// long enough for a machine running every suite at once (tests of the deadlines set their own).
func testSettings(databaseURL: String) -> Settings {
    Settings(
        databaseURL: databaseURL,
        port: 0,
        publicBaseURL: URL(string: "https://safeskills.test")!,
        logLevel: .error,
        databasePoolSize: 2,
        corsAllowedOrigins: ["https://app.safeskills.test"],
        bodyLimitBytes: 64 * 1024,
        secretKey: Array(repeating: 7, count: 32),
        trustForwardedFor: true,
        signingKeyFile: testSigningKeyFile,
        requestTimeoutSeconds: 300,
        admissionWaitSeconds: 120
    )
}

/// One signing key file for the whole test run.
let testSigningKeyFile: String = {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("safeskills-test-key-\(UUID().uuidString).json").path
    FileManager.default.createFile(atPath: path, contents: try! SigningKey.generate(now: Date()).fileContents())
    return path
}()

/// A fixed instant for tests: 2026-03-01T02:00:00Z (09:00 in Vietnam).
let testNow = Date(timeIntervalSince1970: 1_772_330_400)

/// Runs `body` against the real application on a fresh migrated database.
func withTestApp<Result: Sendable>(
    clock: WallClock = .fixed(testNow),
    databaseURL: String? = nil,
    migrated: Bool = true,
    notifier: RecordingNotifier = RecordingNotifier(),
    live: Bool = false,
    configure: @escaping @Sendable (inout Settings) -> Void = { _ in },
    addRoutes: @escaping @Sendable (RouteRegistrar<AppRequestContext>, Database) throws -> Void = { _, _ in },
    _ body: @escaping @Sendable (any TestClientProtocol, String) async throws -> Result
) async throws -> Result {
    if let databaseURL {
        return try await runApp(
            databaseURL: databaseURL,
            clock: clock,
            notifier: notifier,
            live: live,
            configure: configure,
            addRoutes: addRoutes,
            body
        )
    }
    return try await TestDatabase.withFresh(migrated: migrated) { url in
        try await runApp(databaseURL: url, clock: clock, notifier: notifier, live: live, configure: configure, addRoutes: addRoutes, body)
    }
}

private func runApp<Result: Sendable>(
    databaseURL: String,
    clock: WallClock,
    notifier: RecordingNotifier,
    live: Bool,
    configure: @Sendable (inout Settings) -> Void,
    addRoutes: @escaping @Sendable (RouteRegistrar<AppRequestContext>, Database) throws -> Void,
    _ body: @escaping @Sendable (any TestClientProtocol, String) async throws -> Result
) async throws -> Result {
    var settings = testSettings(databaseURL: databaseURL)
    configure(&settings)
    let app = try SafeSkills.buildApplication(
        settings: settings,
        clock: clock,
        logger: TestDatabase.logger,
        notifier: notifier,
        addRoutes: addRoutes
    )
    // Live runs a real listener on a free port, for what lives below the router: connection
    // deadlines and bodies that arrive slowly.
    return try await app.test(live ? .live : .router) { client in
        try await body(client, databaseURL)
    }
}

/// Keeps every code the application sends, so tests can read them as a person would.
final class RecordingNotifier: Notifier {
    private let sent = Mutex<[CodeNotification]>([])

    func send(_ notification: CodeNotification) async throws {
        sent.withLock { $0.append(notification) }
    }

    var all: [CodeNotification] { sent.withLock { $0 } }

    /// The latest code sent to `recipient` (as typed: it is normalised like the server does).
    func lastCode(to recipient: String) -> String? {
        let normalized = ContactIdentifier.parse(recipient)?.value ?? recipient
        return all.last { $0.recipient.value == normalized }?.code
    }
}
