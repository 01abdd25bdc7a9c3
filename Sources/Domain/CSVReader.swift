/// Reads CSV as RFC 4180 describes it, for files that administrators upload.
///
/// Accepts what spreadsheets and `CSVTable` write: an optional UTF-8 byte-order mark, CRLF, LF or
/// lone CR line ends, and quoted fields holding commas, line breaks and `""` for a quote. Cells come
/// back exactly as written: nothing is trimmed and the `'` that `CSVTable` puts before a formula is
/// kept, because only the caller knows whether its data can start with `'`.
///
/// Blank lines at the end of the file are ignored (editors add them); a blank line elsewhere is a
/// record with one empty field, so that the caller reports it instead of silently skipping data.
public enum CSVReader {
    public struct Record: Sendable, Equatable {
        /// The line of the file where the record starts, from 1; a quoted line break makes a record
        /// span several lines.
        public var line: Int
        public var fields: [String]

        public init(line: Int, fields: [String]) {
            self.line = line
            self.fields = fields
        }
    }

    /// One problem in a file, where an administrator can find it.
    public struct LineError: Sendable, Equatable {
        public var line: Int
        /// The column's name in the file's header, when the problem is in one cell.
        public var column: String?
        public var message: LocalizedText

        public init(line: Int, column: String?, message: LocalizedText) {
            self.line = line
            self.column = column
            self.message = message
        }
    }

    /// Every problem found, in line order, so an administrator can fix the file in one go.
    public struct Failure: Error, Sendable, Equatable {
        public var errors: [LineError]

        public init(errors: [LineError]) {
            self.errors = errors
        }
    }

    private enum State {
        case fieldStart, unquoted, quoted, afterQuote
    }

    /// The records of `text`, or every quoting error: a quote left open (reported on the line where
    /// it opens) and quotes inside a field that is not quoted (one error per line).
    public static func records(_ text: String) throws(Failure) -> [Record] {
        var bytes = Array(text.utf8)[...]
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }

        var records: [Record] = []
        var errors: [LineError] = []
        var fields: [String] = []
        var field: [UInt8] = []
        var state = State.fieldStart
        var line = 1
        var recordLine = 1
        var quoteLine = 1
        var recordIsBlank = true
        // Records up to the last one that is not a blank line; blank lines after it are dropped.
        var kept = 0

        func strayQuote() {
            if errors.last?.line != line {
                errors.append(LineError(line: line, column: nil, message: strayQuoteMessage))
            }
        }
        func endField() {
            fields.append(String(decoding: field, as: UTF8.self))
            field.removeAll(keepingCapacity: true)
            state = .fieldStart
        }
        func endRecord() {
            endField()
            records.append(Record(line: recordLine, fields: fields))
            if !recordIsBlank { kept = records.count }
            fields.removeAll(keepingCapacity: true)
            recordIsBlank = true
        }

        var index = bytes.startIndex
        while index < bytes.endIndex {
            let byte = bytes[index]
            index += 1
            let isLineBreak = byte == .lf || byte == .cr
            // CRLF is one line break; inside quotes it is kept as written.
            let isCRLF = byte == .cr && index < bytes.endIndex && bytes[index] == .lf
            if isCRLF { index += 1 }
            if isLineBreak { line += 1 }

            switch state {
            case .quoted:
                if byte == .quote {
                    state = .afterQuote
                } else {
                    field.append(byte)
                    if isCRLF { field.append(.lf) }
                }
            case .afterQuote where byte == .quote:
                field.append(.quote)
                state = .quoted
            case _ where byte == .comma:
                recordIsBlank = false
                endField()
            case _ where isLineBreak:
                endRecord()
                recordLine = line
            case .fieldStart where byte == .quote:
                recordIsBlank = false
                quoteLine = line
                state = .quoted
            default:
                // Text after a closing quote, or a quote inside an unquoted field: keep it as text
                // so the rest of the line is still read, and report it.
                if byte == .quote || state == .afterQuote { strayQuote() }
                recordIsBlank = false
                field.append(byte)
                state = .unquoted
            }
        }

        if state == .quoted {
            errors.append(LineError(line: quoteLine, column: nil, message: unterminatedQuoteMessage))
        } else if !(state == .fieldStart && fields.isEmpty && recordIsBlank) {
            endRecord()
        }
        guard errors.isEmpty else { throw Failure(errors: errors) }
        return Array(records.prefix(kept))
    }

    private static let strayQuoteMessage = LocalizedText(
        vi: "Có dấu ngoặc kép trong một ô không nằm trong ngoặc kép: hãy đặt cả ô trong ngoặc kép và viết \"\" cho mỗi dấu ngoặc kép.",
        en: "A quote inside a field that is not quoted: quote the whole field and write \"\" for each quote in it."
    )
    private static let unterminatedQuoteMessage = LocalizedText(
        vi: "Dấu ngoặc kép mở ở dòng này không bao giờ được đóng.",
        en: "A quote opened on this line is never closed."
    )
}

extension UInt8 {
    fileprivate static let lf = UInt8(ascii: "\n")
    fileprivate static let cr = UInt8(ascii: "\r")
    fileprivate static let quote = UInt8(ascii: "\"")
    fileprivate static let comma = UInt8(ascii: ",")
}
