/// The Markdown subset lessons are written in (Courses/README.md), parsed once for both checking
/// and rendering.
///
/// A hand-written parser rather than a general Markdown library: the subset is small, and owning
/// it makes the safety property simple to state and test. The HTML renderer escapes every piece of
/// text and emits only the tags in `allowedTags`, whatever the input.
public enum Markdown {
    public static let allowedTags: Set<String> = ["h2", "h3", "p", "strong", "em", "ul", "ol", "li", "blockquote", "a", "img"]

    public struct Issue: Equatable, Sendable {
        public var line: Int
        public var message: String
    }

    indirect enum Block: Equatable {
        case heading(level: Int, inlines: [Inline])
        case paragraph([Inline])
        case list(ordered: Bool, items: [[Inline]])
        case quote([Block])
    }

    enum Inline: Equatable {
        case text(String)
        case strong([Inline])
        case emphasis([Inline])
        case link(text: [Inline], url: String)
        case image(alt: String, source: String)
    }

    /// Resolves an image reference (`assets/name.png`) to the URL the HTML should use, or nil
    /// when the pack has no such asset.
    public typealias ImageResolver = (String) -> String?

    /// Problems that make a lesson unacceptable, with their lines.
    public static func check(_ text: String, hasAsset: (String) -> Bool) -> [Issue] {
        var issues: [Issue] = []
        _ = parseBlocks(Array(text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)), firstLine: 1, issues: &issues)
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            for image in images(in: String(line)) where !hasAsset(image.source) {
                issues.append(Issue(line: index + 1, message: "image \(image.source) is not in the pack's assets/ folder"))
            }
        }
        // One report per problem and line, however often it occurs there.
        var seen: Set<String> = []
        return issues.filter { seen.insert("\($0.line)|\($0.message)").inserted }
    }

    /// Problems in a text served as plain text (titles, descriptions, prompts, options,
    /// explanations): no raw HTML, no links but https, no images (a question has `image:`).
    /// Front ends may render these texts as Markdown or HTML, so they are held to the same rules
    /// as lessons, after facts are filled in.
    public static func checkText(_ text: String) -> [String] {
        var issues: [Issue] = []
        var messages: [String] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            _ = parseInlines(String(line), line: 0, issues: &issues)
            if !images(in: String(line)).isEmpty { messages.append("images are not allowed in this text") }
        }
        messages = issues.map(\.message).filter { !$0.hasPrefix("image") && !$0.hasPrefix("images") } + messages
        var seen: Set<String> = []
        let suffix = " in lessons"
        return messages.map { $0.hasSuffix(suffix) ? String($0.dropLast(suffix.count)) : $0 }.filter { seen.insert($0).inserted }
    }

    /// Safe HTML for `text`; what `check` refuses is rendered as plain, escaped text.
    public static func html(_ text: String, resolveImage: ImageResolver) -> String {
        var issues: [Issue] = []
        let blocks = parseBlocks(Array(text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)), firstLine: 1, issues: &issues)
        return blocks.map { render($0, resolveImage) }.joined(separator: "\n")
    }

    // MARK: Blocks

    static func parseBlocks(_ lines: [String], firstLine: Int, issues: inout [Issue]) -> [Block] {
        var blocks: [Block] = []
        var index = 0
        func lineNumber(_ i: Int) -> Int { firstLine + i }
        while index < lines.count {
            let line = lines[index]
            let trimmed = line.trimmingLeadingSpaces()
            if trimmed.isEmpty {
                index += 1
                continue
            }
            if line.hasPrefix("    ") || line.hasPrefix("\t") || trimmed.hasPrefix("```") || trimmed.hasPrefix("~~~") {
                issues.append(Issue(line: lineNumber(index), message: "code blocks are not allowed in lessons"))
            }
            if trimmed.hasPrefix("|") {
                issues.append(Issue(line: lineNumber(index), message: "tables are not allowed in lessons"))
            }
            if let heading = headingLevel(trimmed) {
                if heading.level < 2 || heading.level > 3 {
                    issues.append(
                        Issue(line: lineNumber(index), message: "use ## or ### for headings (the lesson title is the only level-1 heading)")
                    )
                }
                blocks.append(
                    .heading(level: min(max(heading.level, 2), 3), inlines: parseInlines(heading.text, line: lineNumber(index), issues: &issues))
                )
                index += 1
                continue
            }
            if trimmed.hasPrefix(">") {
                var inner: [String] = []
                let start = index
                while index < lines.count, lines[index].trimmingLeadingSpaces().hasPrefix(">") {
                    var content = Substring(lines[index].trimmingLeadingSpaces().dropFirst())
                    if content.hasPrefix(" ") { content = content.dropFirst() }
                    inner.append(String(content))
                    index += 1
                }
                blocks.append(.quote(parseBlocks(inner, firstLine: lineNumber(start), issues: &issues)))
                continue
            }
            if let marker = listMarker(trimmed) {
                var items: [[Inline]] = []
                while index < lines.count, let item = listMarker(lines[index].trimmingLeadingSpaces()), item.ordered == marker.ordered {
                    var text = item.text
                    let itemLine = lineNumber(index)
                    index += 1
                    // Indented lines continue the item.
                    while index < lines.count, lines[index].hasPrefix("  "), !lines[index].trimmingLeadingSpaces().isEmpty,
                        listMarker(lines[index].trimmingLeadingSpaces()) == nil
                    {
                        text += " " + lines[index].trimmingLeadingSpaces()
                        index += 1
                    }
                    items.append(parseInlines(text, line: itemLine, issues: &issues))
                }
                blocks.append(.list(ordered: marker.ordered, items: items))
                continue
            }
            var paragraph: [String] = []
            while index < lines.count {
                let current = lines[index].trimmingLeadingSpaces()
                if current.isEmpty || headingLevel(current) != nil || current.hasPrefix(">") || listMarker(current) != nil { break }
                if !paragraph.isEmpty, lines[index].hasPrefix("    ") || lines[index].hasPrefix("\t") {
                    issues.append(Issue(line: lineNumber(index), message: "code blocks are not allowed in lessons"))
                }
                if !paragraph.isEmpty, current.hasPrefix("|") {
                    issues.append(Issue(line: lineNumber(index), message: "tables are not allowed in lessons"))
                }
                // Each line is checked on its own so a problem is reported on its own line; the
                // paragraph is then parsed whole, so emphasis may span lines.
                _ = parseInlines(current, line: lineNumber(index), issues: &issues)
                paragraph.append(current)
                index += 1
            }
            var ignored: [Issue] = []
            blocks.append(.paragraph(parseInlines(paragraph.joined(separator: " "), line: 0, issues: &ignored)))
        }
        return blocks
    }

    static func headingLevel(_ line: String) -> (level: Int, text: String)? {
        let hashes = line.prefix { $0 == "#" }.count
        guard hashes > 0, line.dropFirst(hashes).hasPrefix(" ") else { return nil }
        return (hashes, String(line.dropFirst(hashes + 1)))
    }

    static func listMarker(_ line: String) -> (ordered: Bool, text: String)? {
        if line.hasPrefix("- ") || line.hasPrefix("* ") { return (false, String(line.dropFirst(2))) }
        let digits = line.prefix { $0.isASCII && $0.isNumber }
        if !digits.isEmpty, digits.count <= 3, line.dropFirst(digits.count).hasPrefix(". ") {
            return (true, String(line.dropFirst(digits.count + 2)))
        }
        return nil
    }

    // MARK: Inlines

    static func parseInlines(_ text: String, line: Int, issues: inout [Issue]) -> [Inline] {
        var result: [Inline] = []
        var buffer = ""
        let chars = Array(text)
        var index = 0
        func flush() {
            if !buffer.isEmpty { result.append(.text(buffer)) }
            buffer = ""
        }
        while index < chars.count {
            let c = chars[index]
            if c == "<", index + 1 < chars.count, chars[index + 1].isLetter || chars[index + 1] == "/" || chars[index + 1] == "!" {
                issues.append(Issue(line: line, message: "raw HTML is not allowed in lessons"))
            }
            if c == "\\", index + 1 < chars.count, "\\`*_{}[]()#+-.!>".contains(chars[index + 1]) {
                buffer.append(chars[index + 1])
                index += 2
                continue
            }
            if c == "*" || c == "_" {
                let strong = index + 1 < chars.count && chars[index + 1] == c
                let marker = String(repeating: String(c), count: strong ? 2 : 1)
                if let close = find(marker, in: chars, from: index + marker.count), close > index + marker.count {
                    flush()
                    let inner = parseInlines(String(chars[(index + marker.count)..<close]), line: line, issues: &issues)
                    result.append(strong ? .strong(inner) : .emphasis(inner))
                    index = close + marker.count
                    continue
                }
            }
            let isImage = c == "!" && index + 1 < chars.count && chars[index + 1] == "["
            if c == "[" || isImage {
                let open = isImage ? index + 1 : index
                if let closeBracket = find("]", in: chars, from: open + 1), closeBracket + 1 < chars.count, chars[closeBracket + 1] == "(",
                    let closeParen = find(")", in: chars, from: closeBracket + 2)
                {
                    let label = String(chars[(open + 1)..<closeBracket])
                    let target = String(chars[(closeBracket + 2)..<closeParen]).trimmingLeadingSpaces()
                    flush()
                    if isImage {
                        if label.trimmingLeadingSpaces().isEmpty {
                            issues.append(Issue(line: line, message: "image \(target) needs alternative text"))
                        }
                        if !target.hasPrefix("assets/") {
                            issues.append(Issue(line: line, message: "images must come from the pack's assets/ folder"))
                        }
                        result.append(.image(alt: label, source: target))
                    } else {
                        if !isSafeLink(target) {
                            issues.append(Issue(line: line, message: "link \(target) is not an https:// address"))
                        }
                        result.append(.link(text: parseInlines(label, line: line, issues: &issues), url: target))
                    }
                    index = closeParen + 1
                    continue
                }
            }
            buffer.append(c)
            index += 1
        }
        flush()
        return result
    }

    static func find(_ marker: String, in chars: [Character], from start: Int) -> Int? {
        let pattern = Array(marker)
        var index = start
        while index + pattern.count <= chars.count {
            if Array(chars[index..<(index + pattern.count)]) == pattern { return index }
            index += 1
        }
        return nil
    }

    static func isSafeLink(_ url: String) -> Bool {
        url.lowercased().hasPrefix("https://") && url.count > 8
            && !url.contains(where: { $0 == " " || $0 == "\"" || $0 == "<" || $0 == ">" || $0 == "'" || $0 == "`" || $0.isNewline })
    }

    static func images(in line: String) -> [(alt: String, source: String)] {
        var issues: [Issue] = []
        var found: [(String, String)] = []
        func collect(_ inlines: [Inline]) {
            for inline in inlines {
                switch inline {
                case .image(let alt, let source): found.append((alt, source))
                case .strong(let inner), .emphasis(let inner): collect(inner)
                case .link(let text, _): collect(text)
                case .text: break
                }
            }
        }
        collect(parseInlines(line, line: 0, issues: &issues))
        return found
    }

    // MARK: HTML

    static func render(_ block: Block, _ resolveImage: ImageResolver) -> String {
        switch block {
        case .heading(let level, let inlines):
            return "<h\(level)>\(render(inlines, resolveImage))</h\(level)>"
        case .paragraph(let inlines):
            return "<p>\(render(inlines, resolveImage))</p>"
        case .list(let ordered, let items):
            let tag = ordered ? "ol" : "ul"
            return "<\(tag)>" + items.map { "<li>\(render($0, resolveImage))</li>" }.joined() + "</\(tag)>"
        case .quote(let blocks):
            return "<blockquote>" + blocks.map { render($0, resolveImage) }.joined(separator: "\n") + "</blockquote>"
        }
    }

    static func render(_ inlines: [Inline], _ resolveImage: ImageResolver) -> String {
        inlines.map { inline in
            switch inline {
            case .text(let text): return escape(text)
            case .strong(let inner): return "<strong>\(render(inner, resolveImage))</strong>"
            case .emphasis(let inner): return "<em>\(render(inner, resolveImage))</em>"
            case .link(let text, let url):
                guard isSafeLink(url) else { return render(text, resolveImage) }
                return "<a href=\"\(escape(url))\">\(render(text, resolveImage))</a>"
            case .image(let alt, let source):
                guard let resolved = resolveImage(source) else { return escape(alt) }
                return "<img src=\"\(escape(resolved))\" alt=\"\(escape(alt))\">"
            }
        }.joined()
    }

    public static func escape(_ text: String) -> String {
        var escaped = ""
        escaped.reserveCapacity(text.utf8.count)
        for c in text {
            switch c {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&#39;"
            default: escaped.append(c)
            }
        }
        return escaped
    }
}

extension String {
    func trimmingLeadingSpaces() -> String {
        String(drop { $0 == " " || $0 == "\t" })
    }
}
