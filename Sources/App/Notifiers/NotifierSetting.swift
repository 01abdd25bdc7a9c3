import Foundation

/// How codes reach people, from `NOTIFIER` (a comma-separated list) and its settings.
///
/// Email goes to the first of smtp, command, webhook that is configured; phone numbers to the
/// first of command, webhook (SMTP reaches no phone). `log` writes codes to the application log,
/// where anyone who reads logs could take over accounts, so it is refused unless
/// `ALLOW_LOG_NOTIFIER=true` (development and trials) and is never combined with the others.
public enum NotifierSetting: Sendable, Equatable {
    case log
    case delivery(email: Channel, phone: Channel)

    public enum Channel: Sendable, Equatable {
        case smtp(host: String, port: Int, from: String)
        /// The program and its fixed arguments; the message goes on its standard input only.
        case command([String])
        case webhook(url: URL, token: String?)
    }

    static func load(
        kind text: String,
        allowLog: Bool,
        forServing: Bool,
        value: (String) -> String?,
        name: (String) -> String,
        problems: inout [String]
    ) -> NotifierSetting {
        let kinds = text.lowercased().split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        let known: Set<String> = ["log", "smtp", "command", "webhook"]
        if let unknown = kinds.first(where: { !known.contains($0) }) {
            problems.append("\(name("notifier")) must be smtp, command, webhook (or several, comma-separated) or log, not \"\(unknown)\"")
            return .log
        }
        if kinds.contains("log") {
            if kinds.count > 1 { problems.append("\(name("notifier")) log cannot be combined with other notifiers") }
            if forServing && !allowLog {
                problems.append(
                    "\(name("notifier")) is log, which writes reset and verification codes to the log: set it to smtp, command or webhook, "
                        + "or set ALLOW_LOG_NOTIFIER=true for development"
                )
            }
            return .log
        }
        var smtp: Channel?
        var command: Channel?
        var webhook: Channel?
        if kinds.contains("smtp") {
            let url = value("smtp.url").flatMap(URL.init(string:))
            let from = value("smtp.from")
            if let url, url.scheme == "smtp", let host = url.host, !host.isEmpty, let from, from.contains("@"), !from.contains(where: \.isNewline) {
                smtp = .smtp(host: host, port: url.port ?? 25, from: from)
            } else {
                problems.append("\(name("smtp.url")) (smtp://host:port) and \(name("smtp.from")) (an email address) are required for NOTIFIER=smtp")
            }
        }
        if kinds.contains("command") {
            let words = (value("notifier.command") ?? "").split(separator: " ").map(String.init)
            if let program = words.first, FileManager.default.isExecutableFile(atPath: program) {
                command = .command(words)
            } else {
                problems.append("\(name("notifier.command")) must start with the absolute path of an executable program for NOTIFIER=command")
            }
        }
        if kinds.contains("webhook") {
            if let url = value("notifier.webhook.url").flatMap(URL.init(string:)), ["https", "http"].contains(url.scheme), url.host != nil {
                webhook = .webhook(url: url, token: value("notifier.webhook.token"))
            } else {
                problems.append("\(name("notifier.webhook.url")) must be an http(s) URL for NOTIFIER=webhook")
            }
        }
        guard let email = smtp ?? command ?? webhook else { return .log }
        guard let phone = command ?? webhook else {
            problems.append("\(name("notifier")) smtp reaches no phone number: add command or webhook for SMS (e.g. NOTIFIER=smtp,webhook)")
            return .log
        }
        return .delivery(email: email, phone: phone)
    }
}
