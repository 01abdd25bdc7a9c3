/// The languages the programme teaches and answers in.
///
/// Vietnamese is the fallback: a request that names neither language, or none at all, is answered
/// in Vietnamese, because most learners read it first.
public enum Language: String, Sendable, CaseIterable, Codable {
    case vi
    case en

    public static let fallback: Language = .vi

    /// Picks the language for an `Accept-Language` header value (RFC 9110 §12.5.4).
    ///
    /// The highest-weighted supported primary subtag wins; among equal weights the first listed wins.
    /// `q=0` excludes a language. Unreadable entries are skipped rather than failing the request.
    public static func negotiate(_ acceptLanguage: String?) -> Language {
        guard let acceptLanguage else { return fallback }
        var best: (language: Language, weight: Double)?
        for entry in acceptLanguage.split(separator: ",") {
            let parts = entry.split(separator: ";")
            guard let tag = parts.first?.trimmingWhitespace(), !tag.isEmpty else { continue }
            let primary = tag.split(separator: "-").first.map { $0.lowercased() } ?? ""
            guard let language = Language(rawValue: primary) else { continue }
            var weight = 1.0
            for parameter in parts.dropFirst() {
                let pair = parameter.trimmingWhitespace().split(separator: "=", maxSplits: 1)
                if pair.count == 2, pair[0].lowercased() == "q", let q = Double(pair[1]), (0...1).contains(q) {
                    weight = q
                }
            }
            if weight > 0, weight > (best?.weight ?? 0) {
                best = (language, weight)
            }
        }
        return best?.language ?? fallback
    }
}

extension Substring {
    func trimmingWhitespace() -> Substring {
        var result = self
        while let first = result.first, first == " " || first == "\t" { result = result.dropFirst() }
        while let last = result.last, last == " " || last == "\t" { result = result.dropLast() }
        return result
    }
}
