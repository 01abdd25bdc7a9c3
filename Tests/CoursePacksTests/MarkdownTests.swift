import CoursePacks
import Foundation
import Testing

@Suite struct MarkdownTests {
    let images: (String) -> String? = { $0 == "assets/a.png" ? "https://safeskills.test/v1/courses/c/assets/a.png" : nil }

    @Test func rendersTheSubset() {
        let html = Markdown.html(
            """
            ## Title
            Some **bold** and *italic* text with a [link](https://example.org/a?b=c&d=e).

            - one
            - two

            1. first
            2. second

            > **Example message**
            > Send me the code

            ![An image](assets/a.png)
            """,
            resolveImage: images
        )
        #expect(html.contains("<h2>Title</h2>"))
        #expect(html.contains("<strong>bold</strong>"))
        #expect(html.contains("<em>italic</em>"))
        #expect(html.contains(#"<a href="https://example.org/a?b=c&amp;d=e">link</a>"#))
        #expect(html.contains("<ul><li>one</li><li>two</li></ul>"))
        #expect(html.contains("<ol><li>first</li><li>second</li></ol>"))
        #expect(html.contains("<blockquote><p><strong>Example message</strong> Send me the code</p></blockquote>"))
        #expect(html.contains(#"<img src="https://safeskills.test/v1/courses/c/assets/a.png" alt="An image">"#))
    }

    @Test func rawHTMLAndUnsafeLinksAreEscapedNeverEmitted() {
        let html = Markdown.html(
            #"<script>alert(1)</script> [x](javascript:alert(1)) ![y](https://evil.example/t.png) "quotes" & 'apostrophes'"#,
            resolveImage: images
        )
        #expect(!html.contains("<script"))
        #expect(html.contains("&lt;script&gt;"))
        #expect(!html.contains("javascript:"), "an unsafe link keeps only its text")
        #expect(!html.contains("evil.example"), "images come only from the pack's assets")
        #expect(html.contains("&quot;quotes&quot; &amp; &#39;apostrophes&#39;"))
    }

    @Test func checkReportsEachProblemWithItsLine() {
        let issues = Markdown.check(
            """
            # Top heading
            Fine text.
            <b>bold</b>
            [bad](http://insecure.example)
            ![](assets/a.png)
            ![Missing](assets/missing.png)
                indented code
            | a | b |
            """,
            hasAsset: { $0 == "assets/a.png" }
        )
        let byLine = Dictionary(grouping: issues, by: \.line)
        #expect(byLine[1]?.first?.message.contains("##") == true)
        #expect(byLine[3]?.first?.message.contains("raw HTML") == true)
        #expect(byLine[4]?.first?.message.contains("https") == true)
        #expect(byLine[5]?.first?.message.contains("alternative text") == true)
        #expect(byLine[6]?.first?.message.contains("assets") == true)
        #expect(byLine[7]?.first?.message.contains("code blocks") == true)
        #expect(byLine[8]?.first?.message.contains("tables") == true)
        #expect(byLine[2] == nil)
    }

    /// Whatever the Markdown, the HTML has only allow-listed tags, and only href, src and alt.
    @Test func rendererNeverEmitsATagOrAttributeOutsideItsAllowList() {
        var generator = SeededGenerator(seed: 20_261_126)
        let pieces = [
            "<", ">", "\"", "'", "&", "*", "**", "_", "[", "]", "(", ")", "!", "#", "## ", "- ", "1. ", "> ", "\n", "\n\n",
            " ", "a", "onclick=", "<img src=x onerror=alert(1)>", "<a href=javascript:x>", "javascript:", "https://x.example/\"><b>",
            "assets/a.png", "{{x}}", "`", "\\", "<!--", "-->", "<svg>", "&lt;", "ệ", "đ",
        ]
        let tagPattern = /<(\/?)([a-zA-Z0-9]+)((?:\s+[a-zA-Z-]+="[^"<>]*")*)\s*>/
        for _ in 0..<3_000 {
            let count = Int.random(in: 1...40, using: &generator)
            let markdown = (0..<count).map { _ in pieces.randomElement(using: &generator)! }.joined()
            let html = Markdown.html(markdown, resolveImage: images)
            // Every "<" in the output starts an allowed tag; everything else was escaped.
            var rest = Substring(html)
            while let open = rest.firstIndex(of: "<") {
                let candidate = rest[open...]
                guard let match = candidate.prefixMatch(of: tagPattern) else {
                    Issue.record("unexpected markup in \(html.debugDescription) from \(markdown.debugDescription)")
                    return
                }
                let name = String(match.output.2).lowercased()
                #expect(Markdown.allowedTags.contains(name), "tag \(name) from \(markdown.debugDescription)")
                for attribute in String(match.output.3).split(separator: " ").compactMap({ $0.split(separator: "=").first }) {
                    #expect(["href", "src", "alt"].contains(String(attribute)), "attribute \(attribute) from \(markdown.debugDescription)")
                }
                if name == "a" { #expect(String(match.output.3).contains("href=\"https://")) }
                rest = candidate[match.range.upperBound...]
            }
        }
    }
}

/// A small deterministic generator (SplitMix64), so property tests repeat exactly.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
