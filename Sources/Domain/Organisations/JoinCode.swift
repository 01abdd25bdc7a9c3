import Foundation

/// A class's join code: short enough to type from a projector, from an alphabet without the
/// characters people confuse (no 0/O, 1/I/L), so it reads the same aloud and on a slide.
public enum JoinCode {
    public static let alphabet = Array("ABCDEFGHJKMNPQRSTUVWXYZ23456789")
    public static let length = 8

    /// A new code drawn from `random` (31^8, about 8.5 × 10^11 codes).
    public static func generate(random: RandomSource) -> String {
        var generator = random.generator
        return String((0..<length).map { _ in alphabet.randomElement(using: &generator)! })
    }

    /// The code as shown to people, in two groups of four (`K7MQ-3TPX`), easier to read from a
    /// slide and to type; `normalize` takes it back.
    public static func display(_ code: String) -> String {
        code.count == length ? "\(code.prefix(length / 2))-\(code.suffix(length / 2))" : code
    }

    /// The code as typed, in the stored form: case, spaces and hyphens do not matter (people
    /// copy "abcd-efgh" from a slide); nil when it cannot be a code at all.
    public static func normalize(_ typed: String) -> String? {
        let code = typed.uppercased().filter { $0 != " " && $0 != "-" }
        guard code.count == length, code.allSatisfy({ alphabet.contains($0) }) else { return nil }
        return code
    }
}
