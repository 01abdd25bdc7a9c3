extension QRCode {
    /// The light margin readers need around the symbol (7.3.7), in modules.
    static let quietZone = 4

    /// The symbol as a standalone SVG document, `pixelSize` pixels square, for a page or a
    /// printed card.
    ///
    /// The coordinates are modules (the `viewBox` spans the symbol and its quiet zone), so the
    /// picture scales to any size without blurring; `crispEdges` keeps renderers from
    /// anti-aliasing the seams between modules into grey lines a camera may misread. The dark
    /// modules are one `<path>` of one rectangle per horizontal run, which keeps a version 10
    /// symbol to a few kilobytes. A white background is drawn under it, so the quiet zone stays
    /// light on a dark or coloured page. There is no script, style sheet, font or external
    /// reference, so the SVG can be inlined in HTML or embedded in a PDF as it is.
    ///
    /// - Parameters:
    ///   - label: what the code is for, read out by screen readers in place of the picture
    ///     (for example "QR code to join class 7A"); it is XML-escaped here.
    ///   - pixelSize: the rendered width and height, in pixels.
    public func svg(label: String, pixelSize: Int = 256) -> String {
        precondition(pixelSize > 0, "an SVG of \(pixelSize) pixels shows nothing")
        let side = matrix.size + 2 * Self.quietZone
        var path = ""
        for row in 0..<matrix.size {
            var column = 0
            while column < matrix.size {
                guard matrix[row, column] else {
                    column += 1
                    continue
                }
                let start = column
                while column < matrix.size && matrix[row, column] { column += 1 }
                let run = column - start
                path += "M\(start + Self.quietZone) \(row + Self.quietZone)h\(run)v1h-\(run)z"
            }
        }
        return """
            <svg xmlns="http://www.w3.org/2000/svg" width="\(pixelSize)" height="\(pixelSize)" \
            viewBox="0 0 \(side) \(side)" shape-rendering="crispEdges" role="img">\
            <title>\(Self.xmlEscaped(label))</title>\
            <rect width="\(side)" height="\(side)" fill="#fff"/>\
            <path fill="#000" d="\(path)"/>\
            </svg>
            """
    }

    /// The text as XML character data: the five markup characters as entities, and the characters
    /// XML 1.0 forbids (controls below U+0020 other than tab, line feed and carriage return, and
    /// U+FFFE, U+FFFF) dropped, since no escape makes them legal and one would make the whole
    /// document unreadable.
    static func xmlEscaped(_ text: String) -> String {
        var escaped = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&apos;"
            case "\t", "\n", "\r": escaped.unicodeScalars.append(scalar)
            case _ where scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF: continue
            default: escaped.unicodeScalars.append(scalar)
            }
        }
        return escaped
    }
}
