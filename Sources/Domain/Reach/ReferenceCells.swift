import Foundation

/// One record's cells by column, collecting what is wrong with them. Each reader returns nil for
/// an empty optional cell as well as for a bad one; the errors tell which.
struct ReferenceCells {
    let line: Int
    /// By the written header's column name: the name in the file, and the cell without its formula guard.
    let values: [String: (column: String, value: String)]
    var errors: [CSVReader.LineError] = []

    init(line: Int, values: [String: (column: String, value: String)]) {
        self.line = line
        self.values = values
    }

    func has(_ column: String) -> Bool { values[column] != nil }

    /// The column as the file names it.
    func column(_ column: String) -> String { values[column]?.column ?? column }

    mutating func fail(_ column: String, _ message: LocalizedText) {
        errors.append(.init(line: line, column: self.column(column), message: message))
    }

    mutating func text(_ column: String, limit: Int, required: Bool) -> String? {
        let value = values[column]?.value ?? ""
        if value.isEmpty {
            if required { fail(column, ReferenceMessages.required) }
            return nil
        }
        guard value.count <= limit else {
            fail(column, ReferenceMessages.tooLong(limit))
            return nil
        }
        return value
    }

    mutating func year(_ column: String) -> Int? {
        let value = values[column]?.value ?? ""
        guard value.utf8.count == 4, Self.isDigits(value), let year = Int(value), (2000...2100).contains(year) else {
            fail(column, ReferenceMessages.year)
            return nil
        }
        return year
    }

    mutating func positiveInteger(_ column: String) -> Int? {
        let value = values[column]?.value ?? ""
        guard Self.isDigits(value), let number = Int(value), number > 0 else {
            fail(column, ReferenceMessages.positiveInteger)
            return nil
        }
        return number
    }

    /// Empty, or a share above 0 and at most 1 written with a point and at most 15 decimals, so
    /// that it is stored exactly and written back the same.
    mutating func rate(_ column: String) -> Decimal? {
        let value = values[column]?.value ?? ""
        if value.isEmpty { return nil }
        let parts = value.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts[0].utf8.count == 1, Self.isDigits(parts[0]),
            parts.count == 1 || parts[1].utf8.count <= 15 && Self.isDigits(parts[1]),
            let rate = Decimal(string: value), rate > 0, rate <= 1
        else {
            fail(column, ReferenceMessages.rate)
            return nil
        }
        return rate
    }

    mutating func day(_ column: String) -> String? {
        let value = values[column]?.value ?? ""
        if value.isEmpty { return nil }
        guard VietnamCalendar.isDay(value) else {
            fail(column, ReferenceMessages.day)
            return nil
        }
        return value
    }

    mutating func code(_ column: String) -> String? {
        let value = values[column]?.value ?? ""
        guard (1...64).contains(value.utf8.count), value.utf8.allSatisfy(Self.isCodeByte) else {
            fail(column, column == "scope" ? ReferenceMessages.scope : ReferenceMessages.code)
            return nil
        }
        return value
    }

    mutating func province(_ column: String, among known: Set<String>) -> String? {
        guard let code = code(column) else { return nil }
        guard known.contains(code) else {
            fail(column, ReferenceMessages.unknownProvince(code))
            return nil
        }
        return code
    }

    private static func isDigits(_ text: some StringProtocol) -> Bool {
        !text.isEmpty && text.utf8.allSatisfy { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }
    }

    private static func isCodeByte(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
            || byte == UInt8(ascii: "-")
    }
}
