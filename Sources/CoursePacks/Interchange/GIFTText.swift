import Foundation

/// GIFT source as characters that remember their line and whether they were escaped, so the
/// parser can split on `~ = # { } :` without being fooled by `\~`, and report every line.
struct GIFTChar {
    var char: Character
    var escaped: Bool
    var line: Int
}

typealias GIFTRun = ArraySlice<GIFTChar>

enum GIFTText {
    /// The characters a GIFT text escapes with a backslash; `\n` is a line break.
    static let special: Set<Character> = ["~", "=", "#", "{", "}", ":"]

    /// Reads escapes as Moodle does: `\~ \= \# \{ \} \:` are literal, `\n` a line break, and `\\`
    /// is kept as it is so that it never escapes what follows.
    static func scan(_ lines: [(number: Int, text: String)]) -> [GIFTChar] {
        var result: [GIFTChar] = []
        for (index, line) in lines.enumerated() {
            if index > 0 { result.append(GIFTChar(char: "\n", escaped: false, line: lines[index - 1].number)) }
            var characters = Array(line.text)[...]
            while let char = characters.popFirst() {
                guard char == "\\", let next = characters.first else {
                    result.append(GIFTChar(char: char, escaped: false, line: line.number))
                    continue
                }
                if special.contains(next) {
                    result.append(GIFTChar(char: next, escaped: true, line: line.number))
                    characters.removeFirst()
                } else if next == "n" {
                    result.append(GIFTChar(char: "\n", escaped: true, line: line.number))
                    characters.removeFirst()
                } else if next == "\\" {
                    result.append(GIFTChar(char: "\\", escaped: true, line: line.number))
                    result.append(GIFTChar(char: "\\", escaped: true, line: line.number))
                    characters.removeFirst()
                } else {
                    result.append(GIFTChar(char: char, escaped: false, line: line.number))
                }
            }
        }
        return result
    }

    /// The first unescaped occurrence of `pattern` in `run` at or after `start`.
    static func find(_ pattern: String, in run: GIFTRun, from start: Int? = nil) -> Int? {
        let wanted = Array(pattern)
        var index = start ?? run.startIndex
        while index + wanted.count <= run.endIndex {
            if (0..<wanted.count).allSatisfy({ !run[index + $0].escaped && run[index + $0].char == wanted[$0] }) { return index }
            index += 1
        }
        return nil
    }

    static func trimmed(_ run: GIFTRun) -> GIFTRun {
        var run = run
        while let first = run.first, !first.escaped, first.char.isWhitespace { run.removeFirst() }
        while let last = run.last, !last.escaped, last.char.isWhitespace { run.removeLast() }
        return run
    }

    /// The text of a run: unescaped line breaks and runs of spaces become one space; `\n` stays
    /// a line break.
    static func string(_ run: GIFTRun) -> String {
        var text = ""
        var pendingSpace = false
        for item in trimmed(run) {
            if !item.escaped, item.char.isWhitespace {
                pendingSpace = true
                continue
            }
            if pendingSpace, !text.isEmpty, !item.char.isNewline, text.last?.isNewline == false { text.append(" ") }
            pendingSpace = false
            text.append(item.char)
        }
        return text.precomposedStringWithCanonicalMapping
    }

    static func line(_ run: GIFTRun) -> Int? { trimmed(run).first?.line ?? run.first?.line }

    /// Writes text for a GIFT file: the special characters escaped, line breaks as `\n`.
    static func escape(_ text: String) -> String {
        var result = ""
        for char in text {
            if special.contains(char) {
                result += "\\\(char)"
            } else if char.isNewline {
                result += "\\n"
            } else {
                result.append(char)
            }
        }
        return result
    }

    /// Plain text from a GIFT `[html]` text: tags removed, the common entities decoded. Returns
    /// whether any markup was removed, so the loss can be reported.
    static func plain(fromHTML html: String) -> (text: String, hadMarkup: Bool) {
        var text = ""
        var hadMarkup = false
        var inTag = false
        var tag = ""
        for char in html {
            if inTag {
                if char == ">" {
                    inTag = false
                    let name = tag.lowercased().split(whereSeparator: { $0 == " " || $0 == "/" }).first.map(String.init) ?? ""
                    if ["br", "p", "div", "li"].contains(name) { text += " " }
                    if !["p", "br", "div", "span"].contains(name) { hadMarkup = true }
                } else {
                    tag.append(char)
                }
            } else if char == "<" {
                inTag = true
                tag = ""
            } else {
                text.append(char)
            }
        }
        return (decodeEntities(text).split(whereSeparator: \.isWhitespace).joined(separator: " "), hadMarkup)
    }

    static func decodeEntities(_ text: String) -> String {
        guard text.contains("&") else { return text }
        let named = ["amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": " "]
        var result = ""
        var rest = Substring(text)
        while let amp = rest.firstIndex(of: "&") {
            result += rest[..<amp]
            let after = rest[rest.index(after: amp)...]
            guard let semicolon = after.prefix(10).firstIndex(of: ";") else {
                result += "&"
                rest = after
                continue
            }
            let name = String(after[..<semicolon])
            var decoded: String?
            if let value = named[name] {
                decoded = value
            } else if name.hasPrefix("#x") || name.hasPrefix("#X"), let code = UInt32(name.dropFirst(2), radix: 16) {
                decoded = UnicodeScalar(code).map { String(Character($0)) }
            } else if name.hasPrefix("#"), let code = UInt32(name.dropFirst()) {
                decoded = UnicodeScalar(code).map { String(Character($0)) }
            }
            if let decoded {
                result += decoded
                rest = after[after.index(after: semicolon)...]
            } else {
                result += "&"
                rest = after
            }
        }
        return result + rest
    }
}
