import Foundation

/// How a person signs in and is reached: an email address or a Vietnamese mobile number.
public enum ContactIdentifier: Sendable, Hashable {
    case email(String)
    /// E.164, for example `+84912345678`.
    case phone(String)

    public var kind: String {
        switch self {
        case .email: "email"
        case .phone: "phone"
        }
    }

    public var value: String {
        switch self {
        case .email(let value), .phone(let value): value
        }
    }

    /// Reads either kind: text with `@` is an email address, anything else a phone number.
    public static func parse(_ text: String) -> ContactIdentifier? {
        text.contains("@") ? parseEmail(text) : parsePhone(text)
    }

    /// A plausible email address, lower-cased. Deliberately simple: the verification code proves it.
    public static func parseEmail(_ text: String) -> ContactIdentifier? {
        let value = text.trimmingCharacters(in: .whitespaces).lowercased()
        let parts = value.split(separator: "@", omittingEmptySubsequences: false)
        guard value.utf8.count <= 254, parts.count == 2,
            (1...64).contains(parts[0].utf8.count),
            !parts[0].contains(where: { $0.isWhitespace || $0.isNewline || ($0.asciiValue ?? 0x21) < 0x21 })
        else { return nil }
        let labels = parts[1].split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 2,
            labels.allSatisfy({ label in
                (1...63).contains(label.utf8.count) && !label.hasPrefix("-") && !label.hasSuffix("-")
                    && label.allSatisfy { ($0.isASCII && ($0.isLetter || $0.isNumber)) || $0 == "-" }
            }), labels.last!.count >= 2, labels.last!.allSatisfy(\.isLetter)
        else { return nil }
        return .email(value)
    }

    /// A Vietnamese mobile number in any common writing (`0912 345 678`, `+84 912 345 678`,
    /// `84912345678`), as E.164. Mobile numbers start with 3, 5, 7, 8 or 9 after the country code.
    public static func parsePhone(_ text: String) -> ContactIdentifier? {
        var digits = text.filter { !" .-()\t".contains($0) }
        if digits.hasPrefix("+84") {
            digits.removeFirst(3)
        } else if digits.hasPrefix("84"), digits.count == 11 {
            digits.removeFirst(2)
        } else if digits.hasPrefix("0"), digits.count == 10 {
            digits.removeFirst()
        } else {
            return nil
        }
        guard digits.count == 9, digits.allSatisfy(\.isASCIIDigit), let first = digits.first, "35789".contains(first)
        else { return nil }
        return .phone("+84" + digits)
    }

    /// The identifier with most of it hidden, for logs and messages about it.
    public var masked: String {
        switch self {
        case .email(let value):
            let parts = value.split(separator: "@")
            return "\(parts[0].prefix(1))***@\(parts.count > 1 ? String(parts[1]) : "")"
        case .phone(let value):
            return String(value.prefix(4)) + "*****" + String(value.suffix(2))
        }
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
