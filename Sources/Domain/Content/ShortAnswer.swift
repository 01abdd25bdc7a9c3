import Foundation

/// How a typed short answer is compared with a question's accepted answers.
///
/// Both sides are put in Unicode NFC (so a letter typed as base + combining marks equals its
/// composed form), lower-cased, trimmed of surrounding punctuation, with runs of spaces made one.
/// Vietnamese marks count ("ma", "má" and "mã" are different words) unless the question sets
/// `ignoreToneMarks`, which then ignores every diacritic and reads "đ" as "d", as people do when
/// typing without a Vietnamese keyboard.
public enum ShortAnswer {
    public static func normalize(_ text: String, ignoreToneMarks: Bool) -> String {
        var result = text.precomposedStringWithCanonicalMapping.lowercased()
        if ignoreToneMarks {
            result = result.replacingOccurrences(of: "đ", with: "d").folding(options: [.diacriticInsensitive], locale: nil)
        }
        result = result.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        let surrounding: Set<Character> = [".", ",", ";", ":", "!", "?", "\"", "'", "“", "”", "‘", "’", "(", ")"]
        while let first = result.first, surrounding.contains(first) { result.removeFirst() }
        while let last = result.last, surrounding.contains(last) { result.removeLast() }
        return result.trimmingCharacters(in: .whitespaces).precomposedStringWithCanonicalMapping
    }

    /// Whether `answer` matches any accepted answer, in either language.
    public static func accepts(_ answer: String, key: AnswerKey) -> Bool {
        guard case .shortText(let vi, let en, let ignoreToneMarks) = key else { return false }
        let typed = normalize(answer, ignoreToneMarks: ignoreToneMarks)
        guard !typed.isEmpty else { return false }
        return (vi + en).contains { normalize($0, ignoreToneMarks: ignoreToneMarks) == typed }
    }
}
