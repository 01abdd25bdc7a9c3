import Foundation

/// The shipped lists of common passwords and well-known passphrases (see
/// Resources/COMMON-PASSWORDS-SOURCE.md).
public enum CommonPasswords {
    public static func load() throws -> Set<String> {
        let passwords = try lines("common-passwords")
        let passphrases = try lines("common-passphrases").filter { !$0.hasPrefix("#") }
        return Set((passwords + passphrases).map { $0.lowercased() })
    }

    private static func lines(_ name: String) throws -> [Substring] {
        guard let url = Bundle.module.url(forResource: name, withExtension: "txt") else {
            throw CocoaError(.fileNoSuchFile)
        }
        return try String(contentsOf: url, encoding: .utf8).split(whereSeparator: \.isNewline)
    }
}
