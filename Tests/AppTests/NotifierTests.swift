import App
import Configuration
import Domain
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import Services
import Synchronization
import Testing

/// Codes reach people by a real channel, and never by the log unless a developer asks for it.
@Suite struct NotifierTests {
    static let reset = CodeNotification(
        purpose: .passwordReset,
        recipient: ContactIdentifier.parse("mai@example.org")!,
        code: "482913",
        language: .vi
    )
    static let sms = CodeNotification(
        purpose: .verifyContact,
        recipient: ContactIdentifier.parse("0987654321")!,
        code: "730155",
        language: .en
    )

    func load(_ extra: [String: String]) throws -> Settings {
        try loadServingSettings(extra)
    }

    @Test func theLogNotifierIsRefusedUnlessADeveloperAllowsIt() throws {
        let refused = #expect(throws: Settings.Invalid.self) { try load([:]) }
        #expect(refused?.description.contains("NOTIFIER") == true)
        #expect(try load(["ALLOW_LOG_NOTIFIER": "true"]).notifier == .log)
        #expect(throws: Settings.Invalid.self) { try load(["NOTIFIER": "log,smtp", "ALLOW_LOG_NOTIFIER": "true"]) }
    }

    @Test func smtpAloneIsRefusedBecauseItReachesNoPhone() throws {
        let refused = #expect(throws: Settings.Invalid.self) {
            try load(["NOTIFIER": "smtp", "SMTP_URL": "smtp://127.0.0.1:2525", "SMTP_FROM": "no-reply@example.org"])
        }
        #expect(refused?.description.contains("phone") == true)
        let both = try load([
            "NOTIFIER": "smtp,webhook", "SMTP_URL": "smtp://127.0.0.1:2525", "SMTP_FROM": "no-reply@example.org",
            "NOTIFIER_WEBHOOK_URL": "https://sms.example.org/send",
        ])
        #expect(
            both.notifier
                == .delivery(
                    email: .smtp(host: "127.0.0.1", port: 2525, from: "no-reply@example.org"),
                    phone: .webhook(url: URL(string: "https://sms.example.org/send")!, token: nil)
                )
        )
        #expect(throws: Settings.Invalid.self) { try load(["NOTIFIER": "command", "NOTIFIER_COMMAND": "/no/such/program"]) }
    }

    @Test func emailGoesThroughARealSMTPServer() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("smtp-\(UUID().uuidString)")
        for part in ["tmp", "new", "cur"] {  // a maildir, where aiosmtpd's Mailbox handler delivers
            try FileManager.default.createDirectory(at: folder.appendingPathComponent(part), withIntermediateDirectories: true)
        }
        defer { try? FileManager.default.removeItem(at: folder) }
        let port = try freePort()
        let server = Process()
        server.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        server.arguments = ["python3", "-m", "aiosmtpd", "-n", "-l", "127.0.0.1:\(port)", "-c", "aiosmtpd.handlers.Mailbox", folder.path]
        // Its own output: a child holding the test run's standard output would keep `swift test`
        // waiting after the last test. aiosmtpd ignores SIGTERM, so it is killed.
        server.standardOutput = FileHandle.nullDevice
        server.standardError = FileHandle.nullDevice
        try server.run()
        defer {
            kill(server.processIdentifier, SIGKILL)
            server.waitUntilExit()
        }
        try await waitForPort(port)

        let settings = Settings(
            databaseURL: "postgres://unused",
            publicBaseURL: URL(string: "https://safeskills.test")!,
            notifier: .delivery(email: .smtp(host: "127.0.0.1", port: port, from: "no-reply@safeskills.test"), phone: .command(["/bin/true"]))
        )
        try await SafeSkills.notifier(settings, logger: Logger(label: "test")).send(Self.reset)

        let delivered = try FileManager.default.contentsOfDirectory(at: folder.appendingPathComponent("new"), includingPropertiesForKeys: nil)
        let message = try String(contentsOf: try #require(delivered.first), encoding: .utf8)
        #expect(message.contains("To: <mai@example.org>"))
        #expect(message.contains("From: SafeSkills <no-reply@safeskills.test>"))
        let subject = Data(base64Encoded: try #require(message.firstMatch(of: /Subject: =\?UTF-8\?B\?([^?]+)\?=/)?.1).description)
        #expect(subject.map { String(decoding: $0, as: UTF8.self) } == "Đặt lại mật khẩu SafeSkills")
        let body = try #require(message.components(separatedBy: "\n\n").dropFirst().first ?? message.components(separatedBy: "\r\n\r\n").last)
        let text = Data(base64Encoded: body.filter { !$0.isWhitespace }).map { String(decoding: $0, as: UTF8.self) }
        #expect(text == Self.reset.text, "the Vietnamese text arrives whole, code included")
    }

    @Test func aCommandGetsTheMessageOnItsInputAndNeverInItsArguments() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("command-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let script = folder.appendingPathComponent("send-sms")
        try "#!/bin/sh\ncat > \"$1\"\necho \"$@\" > \"$1.args\"\n".write(to: script, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: script.path)
        let output = folder.appendingPathComponent("message.json")

        let settings = Settings(
            databaseURL: "postgres://unused",
            publicBaseURL: URL(string: "https://safeskills.test")!,
            notifier: .delivery(email: .command([script.path, output.path]), phone: .command([script.path, output.path]))
        )
        try await SafeSkills.notifier(settings, logger: Logger(label: "test")).send(Self.sms)
        let message = try JSONSerialization.jsonObject(with: Data(contentsOf: output)) as? [String: String]
        #expect(message?["channel"] == "sms" && message?["to"] == "+84987654321" && message?["code"] == "730155")
        #expect(message?["text"] == Self.sms.text)
        #expect(try !String(contentsOf: folder.appendingPathComponent("message.json.args"), encoding: .utf8).contains("730155"))

        let failing = Settings(
            databaseURL: "postgres://unused",
            publicBaseURL: URL(string: "https://safeskills.test")!,
            notifier: .delivery(email: .command(["/bin/false"]), phone: .command(["/bin/false"]))
        )
        await #expect(throws: (any Error).self) { try await SafeSkills.notifier(failing, logger: Logger(label: "test")).send(Self.sms) }
    }

    @Test func aWebhookGetsTheMessageAsJSONWithItsToken() async throws {
        let received = Mutex<[(String?, [String: String])]>([])
        let router = Router()
        router.post("/send") { request, _ -> HTTPResponse.Status in
            var request = request
            let body = try await request.collectBody(upTo: 64 * 1024)
            let message = try JSONSerialization.jsonObject(with: Data(buffer: body)) as? [String: String] ?? [:]
            received.withLock { $0.append((request.headers[.authorization], message)) }
            return .accepted
        }
        router.post("/broken") { _, _ -> HTTPResponse.Status in .badGateway }
        try await Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0))).test(.live) { gateway in
            let port = try #require(gateway.port)
            let settings = Settings(
                databaseURL: "postgres://unused",
                publicBaseURL: URL(string: "https://safeskills.test")!,
                notifier: .delivery(
                    email: .webhook(url: URL(string: "http://127.0.0.1:\(port)/send")!, token: "gateway-token"),
                    phone: .webhook(url: URL(string: "http://127.0.0.1:\(port)/send")!, token: "gateway-token")
                )
            )
            try await SafeSkills.notifier(settings, logger: Logger(label: "test")).send(Self.sms)
            let first = try #require(received.withLock { $0.first })
            #expect(first.0 == "Bearer gateway-token")
            #expect(first.1["code"] == "730155" && first.1["channel"] == "sms" && first.1["language"] == "en")

            let broken = Settings(
                databaseURL: "postgres://unused",
                publicBaseURL: URL(string: "https://safeskills.test")!,
                notifier: .delivery(
                    email: .webhook(url: URL(string: "http://127.0.0.1:\(port)/broken")!, token: nil),
                    phone: .webhook(url: URL(string: "http://127.0.0.1:\(port)/broken")!, token: nil)
                )
            )
            await #expect(throws: (any Error).self) { try await SafeSkills.notifier(broken, logger: Logger(label: "test")).send(Self.sms) }
        }
    }
}

/// A port nothing listens on now.
func freePort() throws -> Int {
    let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(socket) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = 0
    _ = withUnsafePointer(to: &address) { pointer in
        pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
    }
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    _ = withUnsafeMutablePointer(to: &address) { pointer in
        pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(socket, $0, &length) }
    }
    return Int(UInt16(bigEndian: address.sin_port))
}

/// Waits until something accepts connections on `port` (at most ten seconds).
func waitForPort(_ port: Int) async throws {
    for _ in 0..<100 {
        if (try? RawConnection(port: port)) != nil { return }
        try await Task.sleep(for: .milliseconds(100))
    }
    throw POSIXError(.ETIMEDOUT)
}
