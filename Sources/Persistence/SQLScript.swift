import Foundation

/// Splits a SQL script into single statements.
///
/// PostgresNIO sends one statement per query, so a migration file is split here, on purpose, rather
/// than handed to the server whole. Semicolons inside string literals, quoted identifiers, comments
/// and dollar-quoted bodies (functions, `DO` blocks) do not end a statement.
public enum SQLScript {
    public struct Statement: Equatable, Sendable {
        /// The statement's text without the terminating semicolon.
        public var text: String
        /// The 1-based line on which the statement starts, for error messages.
        public var line: Int
    }

    public enum SplitError: Error, Equatable, CustomStringConvertible {
        case unterminated(String, line: Int)

        public var description: String {
            switch self {
            case .unterminated(let what, let line): "unterminated \(what) starting on line \(line)"
            }
        }
    }

    public static func split(_ script: String) throws -> [Statement] {
        let chars = Array(script.unicodeScalars)
        var statements: [Statement] = []
        var current = String.UnicodeScalarView()
        var line = 1
        var statementLine: Int?
        var index = 0

        func flush() {
            let text = String(current).trimmingCharacters(in: .whitespacesAndNewlines)
            if !text.isEmpty, let start = statementLine {
                statements.append(Statement(text: text, line: start))
            }
            current = String.UnicodeScalarView()
            statementLine = nil
        }

        func append(_ scalar: Unicode.Scalar) {
            if statementLine == nil, !scalar.properties.isWhitespace { statementLine = line }
            current.append(scalar)
            if scalar == "\n" { line += 1 }
        }

        /// Copies characters up to and including `terminator`, starting at `index`.
        func copy(until terminator: [Unicode.Scalar], what: String, escapes: Bool = false) throws {
            let startLine = line
            while index < chars.count {
                if escapes, chars[index] == "\\", index + 1 < chars.count {
                    append(chars[index])
                    append(chars[index + 1])
                    index += 2
                    continue
                }
                if chars[index...].starts(with: terminator) {
                    for scalar in terminator { append(scalar) }
                    index += terminator.count
                    return
                }
                append(chars[index])
                index += 1
            }
            throw SplitError.unterminated(what, line: startLine)
        }

        while index < chars.count {
            let c = chars[index]
            let next: Unicode.Scalar? = index + 1 < chars.count ? chars[index + 1] : nil
            switch c {
            case "-" where next == "-":
                // A line comment is dropped so it can't hide a statement's start line.
                while index < chars.count, chars[index] != "\n" { index += 1 }
            case "/" where next == "*":
                let startLine = line
                var depth = 0
                repeat {
                    if chars[index...].starts(with: ["/", "*"]) {
                        depth += 1
                        index += 2
                    } else if chars[index...].starts(with: ["*", "/"]) {
                        depth -= 1
                        index += 2
                    } else {
                        if chars[index] == "\n" { line += 1 }
                        index += 1
                    }
                } while depth > 0 && index < chars.count
                if depth > 0 { throw SplitError.unterminated("block comment", line: startLine) }
            case "'":
                let escaped = index > 0 && (chars[index - 1] == "E" || chars[index - 1] == "e")
                append(c)
                index += 1
                // '' inside a literal is an escaped quote: copying to the next quote and
                // continuing handles it as two adjacent literals, which splits the same way.
                try copy(until: ["'"], what: "string literal", escapes: escaped)
            case "\"":
                append(c)
                index += 1
                try copy(until: ["\""], what: "quoted identifier")
            case "$":
                if let tag = dollarTag(chars, at: index) {
                    for scalar in tag { append(scalar) }
                    index += tag.count
                    try copy(until: tag, what: "dollar-quoted string")
                } else {
                    append(c)
                    index += 1
                }
            case ";":
                flush()
                index += 1
            default:
                append(c)
                index += 1
            }
        }
        flush()
        return statements
    }

    /// A dollar-quote opener (`$$` or `$tag$`) at `index`, if there is one.
    private static func dollarTag(_ chars: [Unicode.Scalar], at index: Int) -> [Unicode.Scalar]? {
        var end = index + 1
        while end < chars.count,
            chars[end] == "_" || chars[end].properties.isAlphabetic
                || (end > index + 1 && ("0"..."9").contains(chars[end]))
        {
            end += 1
        }
        guard end < chars.count, chars[end] == "$" else { return nil }
        return Array(chars[index...end])
    }
}
