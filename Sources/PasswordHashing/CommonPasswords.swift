import Foundation

/// The shipped list of common passwords (see Resources/COMMON-PASSWORDS-SOURCE.md).
public enum CommonPasswords {
    public static func load() throws -> Set<String> {
        guard let url = Bundle.module.url(forResource: "common-passwords", withExtension: "txt") else {
            throw CocoaError(.fileNoSuchFile)
        }
        let text = try String(contentsOf: url, encoding: .utf8)
        return Set(text.split(whereSeparator: \.isNewline).map { $0.lowercased() })
    }
}
