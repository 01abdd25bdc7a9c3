import Domain
import Logging

/// A message with a code for a person: contact verification, guardian consent, password reset.
public struct CodeNotification: Sendable, Equatable {
    public enum Purpose: String, Sendable {
        case verifyContact = "verify-contact"
        case guardianConsent = "guardian-consent"
        case passwordReset = "password-reset"
    }

    public var purpose: Purpose
    public var recipient: ContactIdentifier
    public var code: String
    public var language: Language

    public init(purpose: Purpose, recipient: ContactIdentifier, code: String, language: Language) {
        self.purpose = purpose
        self.recipient = recipient
        self.code = code
        self.language = language
    }

    /// The text a real SMS or email carries.
    public var text: String {
        switch (purpose, language) {
        case (.verifyContact, .vi): "Mã xác minh SafeSkills của bạn là \(code). Không đưa mã này cho bất kỳ ai."
        case (.verifyContact, .en): "Your SafeSkills verification code is \(code). Never give this code to anyone."
        case (.guardianConsent, .vi):
            "Con bạn muốn học về an toàn trên mạng tại SafeSkills. Nếu bạn đồng ý, hãy đưa con mã \(code)."
        case (.guardianConsent, .en):
            "Your child wants to learn about online safety on SafeSkills. If you agree, give them the code \(code)."
        case (.passwordReset, .vi):
            "Mã đặt lại mật khẩu SafeSkills là \(code), dùng trong 15 phút. Nếu bạn không yêu cầu, hãy bỏ qua tin này."
        case (.passwordReset, .en):
            "Your SafeSkills password reset code is \(code), valid for 15 minutes. If you did not ask for it, ignore this message."
        }
    }
}

/// Delivers codes to people: the seam where real SMS or email delivery plugs in.
public protocol Notifier: Sendable {
    func send(_ notification: CodeNotification) async throws
}

/// The built-in notifier: writes each message to the log, for development and trials.
///
/// The recipient is masked, but the code is in the log line: a deployment that serves real people
/// plugs in a real notifier instead.
public struct LogNotifier: Notifier {
    let logger: Logger

    public init(logger: Logger) {
        self.logger = logger
    }

    public func send(_ notification: CodeNotification) async throws {
        logger.notice(
            "notification (log notifier, development only)",
            metadata: [
                "purpose": "\(notification.purpose.rawValue)",
                "to": "\(notification.recipient.masked)",
                "code": "\(notification.code)",
            ]
        )
    }
}
