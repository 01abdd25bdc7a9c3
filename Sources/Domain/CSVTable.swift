import Foundation

/// A table written as CSV for spreadsheets: UTF-8 with a byte-order mark (so Excel reads
/// Vietnamese correctly), CRLF line ends and RFC 4180 quoting.
///
/// A cell that starts with `=`, `+`, `-`, `@`, tab or carriage return gets a leading `'`, so a
/// spreadsheet shows it as text instead of running it as a formula (CSV injection).
public struct CSVTable: Sendable, Equatable {
    public var header: [String]
    public var rows: [[String?]]

    public init(header: [String], rows: [[String?]]) {
        self.header = header
        self.rows = rows
    }

    /// The encoded table; an absent cell is empty.
    public var text: String {
        var text = "\u{FEFF}"
        for line in [header.map(Optional.some)] + rows {
            text += line.map { Self.cell($0 ?? "") }.joined(separator: ",") + "\r\n"
        }
        return text
    }

    static func cell(_ value: String) -> String {
        var value = value
        if let first = value.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) {
            value = "'" + value
        }
        guard value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }) else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
