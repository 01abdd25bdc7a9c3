import Domain
import Foundation
import Services

/// Sends each code by the channel its recipient needs: email or SMS (`NotifierSetting`).
struct DeliveryNotifier: Notifier {
    let email: any Notifier
    let phone: any Notifier

    init(email: NotifierSetting.Channel, phone: NotifierSetting.Channel) {
        self.email = Self.notifier(email)
        self.phone = Self.notifier(phone)
    }

    static func notifier(_ channel: NotifierSetting.Channel) -> any Notifier {
        switch channel {
        case .smtp(let host, let port, let from): SMTPNotifier(host: host, port: port, from: from)
        case .command(let words): CommandNotifier(words: words)
        case .webhook(let url, let token): WebhookNotifier(url: url, token: token)
        }
    }

    func send(_ notification: CodeNotification) async throws {
        switch notification.recipient {
        case .email: try await email.send(notification)
        case .phone: try await phone.send(notification)
        }
    }
}

/// The JSON document the command and webhook notifiers hand on: everything a gateway needs to
/// deliver the message, and nothing about the account beyond its recipient.
struct OutgoingMessage: Encodable {
    var channel: String
    var to: String
    var language: String
    var purpose: String
    var code: String
    var subject: String
    var text: String

    init(_ notification: CodeNotification) {
        switch notification.recipient {
        case .email: channel = "email"
        case .phone: channel = "sms"
        }
        to = notification.recipient.value
        language = notification.language.rawValue
        purpose = notification.purpose.rawValue
        code = notification.code
        subject = notification.subject
        text = notification.text
    }

    func json() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }
}

extension CodeNotification {
    /// The subject line of an email carrying this message.
    var subject: String {
        switch (purpose, language) {
        case (.verifyContact, .vi): "Mã xác minh SafeSkills"
        case (.verifyContact, .en): "Your SafeSkills verification code"
        case (.guardianConsent, .vi): "Con bạn muốn học tại SafeSkills"
        case (.guardianConsent, .en): "Your child wants to learn on SafeSkills"
        case (.passwordReset, .vi): "Đặt lại mật khẩu SafeSkills"
        case (.passwordReset, .en): "Reset your SafeSkills password"
        }
    }
}

/// A delivery that did not happen; logged by the account service, which never shows it to callers.
struct DeliveryFailed: Error, CustomStringConvertible {
    var description: String
}
