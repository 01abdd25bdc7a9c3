import Testing

@testable import QRCode

@Suite("SVG")
struct QRCodeSVGTests {
    @Test("One path, a quiet zone of 4 modules in the viewBox, the pixel size, crisp edges, role and title")
    func document() throws {
        let code = try QRCode("K7MQ-3TPX")
        let svg = code.svg(label: "Join class 7A", pixelSize: 300)
        #expect(code.matrix.size == 21)
        #expect(svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"300\" height=\"300\" viewBox=\"0 0 29 29\""))
        #expect(svg.contains("shape-rendering=\"crispEdges\""))
        #expect(svg.contains("role=\"img\"><title>Join class 7A</title>"))
        #expect(svg.hasSuffix("</svg>"))
        #expect(svg.ranges(of: "<path").count == 1)
        #expect(!svg.contains("<script") && !svg.contains("href") && !svg.contains("url("))
        // The top-left finder's first row: 7 dark modules from (4, 4) of the quiet-zoned picture.
        #expect(svg.contains("d=\"M4 4h7v1h-7z"))
    }

    @Test("Each dark module is covered by exactly one run of the path")
    func pathCoversTheDarkModules() throws {
        let code = try QRCode("https://safeskills.example/join/K7MQ3TPX")
        let svg = code.svg(label: "x")
        let path = try #require(svg.split(separator: " d=\"").last?.split(separator: "\"").first)
        var covered = Set<[Int]>()
        for run in path.split(separator: "M").map(String.init) {
            let numbers = run.split { !$0.isNumber }.compactMap { Int($0) }
            let (x, y, length) = (numbers[0] - 4, numbers[1] - 4, numbers[2])
            for column in x..<x + length { #expect(covered.insert([y, column]).inserted) }
        }
        var dark = Set<[Int]>()
        for row in 0..<code.matrix.size {
            for column in 0..<code.matrix.size where code.matrix[row, column] { dark.insert([row, column]) }
        }
        #expect(covered == dark)
    }

    @Test("The label is XML-escaped, and characters XML cannot hold are dropped")
    func escapedLabel() throws {
        let svg = try QRCode("x").svg(label: "<script>&\"'</script>\u{1}\u{FFFF} Lớp 7A")
        #expect(svg.contains("<title>&lt;script&gt;&amp;&quot;&apos;&lt;/script&gt; Lớp 7A</title>"))
    }
}
