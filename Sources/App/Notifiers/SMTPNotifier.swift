import Domain
import Foundation
import NIOCore
import NIOPosix
import Services

/// Sends email through an SMTP relay, one connection per message.
///
/// It speaks plain SMTP to a relay the operator runs beside the server (Postfix, an msmtp-based
/// relay, a cloud mail relay's local agent), which does TLS and authentication onwards; it
/// never sends a password over an unencrypted connection, so it has none to send.
struct SMTPNotifier: Notifier {
    let host: String
    let port: Int
    let from: String
    var timeout: Duration = .seconds(10)

    func send(_ notification: CodeNotification) async throws {
        guard case .email(let to) = notification.recipient else {
            throw DeliveryFailed(description: "SMTP reaches email addresses only")
        }
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await conversation(to: to, message: Self.message(notification, from: from, to: to)) }
            group.addTask {
                try await Task.sleep(for: timeout)
                throw DeliveryFailed(description: "the SMTP relay \(host):\(port) did not finish within \(timeout)")
            }
            try await group.next()
            group.cancelAll()
        }
    }

    private func conversation(to: String, message: String) async throws {
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connect(host: host, port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        try await channel.executeThenClose { inbound, outbound in
            var replies = SMTPReplies(inbound.makeAsyncIterator())
            try await replies.expect(220)
            func say(_ line: String, expect code: Int) async throws {
                try await outbound.write(ByteBuffer(string: line + "\r\n"))
                try await replies.expect(code)
            }
            try await say("EHLO safeskills", expect: 250)
            try await say("MAIL FROM:<\(from)>", expect: 250)
            try await say("RCPT TO:<\(to)>", expect: 250)
            try await say("DATA", expect: 354)
            try await say(message + "\r\n.", expect: 250)
            try? await outbound.write(ByteBuffer(string: "QUIT\r\n"))
        }
    }

    /// The message, UTF-8 in base64 (body and subject), so no line of it can end the DATA phase.
    static func message(_ notification: CodeNotification, from: String, to: String) -> String {
        let body = Data(notification.text.utf8).base64EncodedString(options: [
            .lineLength76Characters, .endLineWithCarriageReturn, .endLineWithLineFeed,
        ])
        let headers = [
            "From: SafeSkills <\(from)>",
            "To: <\(to)>",
            "Subject: =?UTF-8?B?\(Data(notification.subject.utf8).base64EncodedString())?=",
            "Date: \(rfc5322(Date()))",
            "Message-ID: <\(UUID().uuidString.lowercased())@\(from.split(separator: "@").last ?? "safeskills")>",
            "MIME-Version: 1.0",
            "Content-Type: text/plain; charset=utf-8",
            "Content-Transfer-Encoding: base64",
            "Content-Language: \(notification.language.rawValue)",
        ]
        return headers.joined(separator: "\r\n") + "\r\n\r\n" + body
    }

    static func rfc5322(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss '+0000'"
        return formatter.string(from: date)
    }
}

/// Reads SMTP replies (`250-...` continuation lines, then `250 ...`) from the connection.
private struct SMTPReplies {
    var inbound: NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator
    var pending = ""

    init(_ inbound: NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator) {
        self.inbound = inbound
    }

    mutating func expect(_ code: Int) async throws {
        while true {
            let line = try await nextLine()
            guard line.count >= 3, let got = Int(line.prefix(3)) else { throw DeliveryFailed(description: "SMTP relay said \"\(line)\"") }
            if line.count > 3, line[line.index(line.startIndex, offsetBy: 3)] == "-" { continue }
            guard got == code else { throw DeliveryFailed(description: "SMTP relay answered \"\(line)\", expected \(code)") }
            return
        }
    }

    private mutating func nextLine() async throws -> String {
        while true {
            if let end = pending.range(of: "\r\n") {
                let line = String(pending[..<end.lowerBound])
                pending.removeSubrange(..<end.upperBound)
                return line
            }
            guard let buffer = try await inbound.next() else { throw DeliveryFailed(description: "SMTP relay closed the connection") }
            pending += String(buffer: buffer)
        }
    }
}
