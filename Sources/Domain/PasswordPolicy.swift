import Foundation

/// What makes a password acceptable (DESIGN.md, "Security rules"): 8 to 128 characters after
/// Unicode NFC, no composition rules, not common, not the person's own identifier or name.
public struct PasswordPolicy: Sendable {
    public static let minimumLength = 8
    public static let maximumLength = 128

    /// Passwords Vietnamese speakers choose often, compared without tone marks, case, spaces or
    /// the digits and symbols people add around them ("Matkhau@2024", "anh yeu em 123").
    static let vietnameseBases: Set<String> = [
        "matkhau", "matkhaumoi", "matkhaucuatoi", "anhyeuem", "emyeuanh", "yeuem", "yeuanh", "toiyeuban",
        "anhyeuemnhieu", "emyeuanhnhieu", "conyeume", "meyeucon", "yeume", "yeuba", "giadinh", "vietnam",
        "vietnamvodich", "hanoi", "saigon", "hochiminh", "danang", "haiphong", "cantho", "khongbiet",
        "khongcomatkhau", "hoilamgi", "caigi", "xinchao", "chaoban", "hanhphuc", "binhyen", "thienthan",
        "maimaibenem", "emlacuaanh", "anhlacuaem", "tinhyeu", "nguyen", "tran", "iloveyou", "baby", "honey",
        "abcxyz", "qwerty", "asdfgh", "zxcvbn", "abc", "xyz",
    ]

    let commonPasswords: Set<String>

    /// `commonPasswords` are compared in lower case; an entry with spaces is a passphrase, kept
    /// as the policy compares it too: without spaces, tone marks or case.
    public init(commonPasswords: Set<String>) {
        var entries = commonPasswords
        for entry in commonPasswords where entry.contains(" ") {
            entries.insert(Self.plain(entry.precomposedStringWithCanonicalMapping))
        }
        self.commonPasswords = entries
    }

    /// The problem with `password`, or nil when it is acceptable.
    ///
    /// `personal` holds what the person is known by (identifier, display name): a password equal
    /// to any of them is refused.
    public func problem(with password: String, personal: [String]) -> LocalizedText? {
        let normalized = password.precomposedStringWithCanonicalMapping
        if normalized.count < Self.minimumLength {
            return LocalizedText(
                vi: "Mật khẩu cần có ít nhất \(Self.minimumLength) ký tự.",
                en: "The password needs at least \(Self.minimumLength) characters."
            )
        }
        if normalized.count > Self.maximumLength {
            return LocalizedText(
                vi: "Mật khẩu chỉ được dài tối đa \(Self.maximumLength) ký tự.",
                en: "The password can be at most \(Self.maximumLength) characters long."
            )
        }
        if isCommon(normalized) {
            return LocalizedText(
                vi: "Mật khẩu này quá phổ biến nên dễ bị đoán. Hãy ghép vài từ ngẫu nhiên mà chỉ bạn biết.",
                en: "This password is too common and easy to guess. Put together a few random words only you know."
            )
        }
        let plain = Self.plain(normalized)
        if personal.contains(where: { !$0.isEmpty && Self.plain($0.precomposedStringWithCanonicalMapping) == plain }) {
            return LocalizedText(
                vi: "Mật khẩu không được trùng với tên, email hay số điện thoại của bạn.",
                en: "The password must not be your name, email address or phone number."
            )
        }
        return nil
    }

    func isCommon(_ password: String) -> Bool {
        let lowered = password.lowercased()
        if commonPasswords.contains(lowered) { return true }
        let plain = Self.plain(password)
        let core = Self.stripDecorations(plain)
        if core.isEmpty { return true }  // only digits and symbols: a PIN-like password
        return Self.vietnameseBases.contains(core) || commonPasswords.contains(core)
    }

    /// Lower case, without tone marks, `đ` as `d`, and without spaces.
    static func plain(_ text: String) -> String {
        text.lowercased()
            .replacingOccurrences(of: "đ", with: "d")
            .folding(options: [.diacriticInsensitive], locale: nil)
            .filter { !$0.isWhitespace }
    }

    /// The password without the digits and symbols people add before and after a word.
    static func stripDecorations(_ text: String) -> String {
        let isDecoration: (Character) -> Bool = { !$0.isLetter }
        return String(text.drop(while: isDecoration).reversed().drop(while: isDecoration).reversed())
    }
}
