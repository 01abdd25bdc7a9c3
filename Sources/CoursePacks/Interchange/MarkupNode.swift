import Foundation

#if canImport(FoundationXML)
import FoundationXML
#endif

/// A small XML tree with the line of every element, read with Foundation's `XMLParser` (libxml2
/// on Linux), so that QTI issues name their line. Element names are local names: the QTI 3.0
/// namespace is left out. External entities are never resolved.
final class MarkupNode {
    enum Child {
        case element(MarkupNode)
        case text(String)
    }

    let name: String
    let attributes: [String: String]
    let line: Int
    var children: [Child] = []

    init(name: String, attributes: [String: String], line: Int) {
        self.name = name
        self.attributes = attributes
        self.line = line
    }

    var elements: [MarkupNode] {
        children.compactMap {
            if case .element(let node) = $0 { return node }
            return nil
        }
    }

    func first(_ name: String) -> MarkupNode? { elements.first { $0.name == name } }

    func all(_ name: String) -> [MarkupNode] { elements.filter { $0.name == name } }

    /// Every element below this one, depth first, in document order.
    func descendants(_ name: String) -> [MarkupNode] {
        elements.flatMap { ($0.name == name ? [$0] : []) + $0.descendants(name) }
    }

    /// `xml:lang`, however the parser names it.
    var language: String? { attributes["xml:lang"] ?? attributes["lang"] }

    struct ParseError: Error {
        var line: Int?
        var message: String
    }

    static func parse(_ data: Data) -> Result<MarkupNode, ParseError> {
        let parser = XMLParser(data: data)
        parser.shouldProcessNamespaces = true
        parser.shouldResolveExternalEntities = false
        let builder = Builder()
        parser.delegate = builder
        let parsed = parser.parse()
        if let mismatch = builder.mismatch { return .failure(ParseError(line: mismatch.line, message: "not well-formed XML: \(mismatch.message)")) }
        if parsed, let root = builder.root, builder.stack.isEmpty { return .success(root) }
        // The parser's own error codes read differently on each platform; the line is what helps.
        let line = builder.errorLine ?? (parser.lineNumber > 0 ? parser.lineNumber : nil)
        return .failure(ParseError(line: line, message: "not well-formed XML (an element not closed, a bad character or entity)"))
    }

    private final class Builder: NSObject, XMLParserDelegate {
        var root: MarkupNode?
        var stack: [MarkupNode] = []
        var errorLine: Int?

        func parser(
            _ parser: XMLParser,
            didStartElement elementName: String,
            namespaceURI: String?,
            qualifiedName: String?,
            attributes: [String: String] = [:]
        ) {
            let node = MarkupNode(name: elementName, attributes: attributes, line: parser.lineNumber)
            if let parent = stack.last { parent.children.append(.element(node)) } else { root = node }
            stack.append(node)
        }

        /// libxml2 recovers from a wrongly closed element; a QTI file that does is refused.
        var mismatch: (line: Int, message: String)?

        func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
            if let open = stack.last, open.name != elementName, mismatch == nil {
                mismatch = (parser.lineNumber, "</\(elementName)> closes <\(open.name)> of line \(open.line)")
            }
            _ = stack.popLast()
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            stack.last?.children.append(.text(string))
        }

        func parser(_ parser: XMLParser, foundCDATA CDATABlock: Data) {
            stack.last?.children.append(.text(String(decoding: CDATABlock, as: UTF8.self)))
        }

        func parser(_ parser: XMLParser, parseErrorOccurred parseError: any Error) {
            if errorLine == nil { errorLine = parser.lineNumber }
        }
    }
}
