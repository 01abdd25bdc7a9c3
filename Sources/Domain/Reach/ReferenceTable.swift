import Foundation

/// Reference data that administrators replace whole from CSV (`PUT /v1/admin/reference/{table}`,
/// `safeskills reference replace`): the columns each table writes and reads, and the rules a file
/// must meet before anything is stored.
///
/// A file is checked whole and every problem is reported at once with its line; nothing is
/// returned to store while any remains, and a file without rows is refused, so a table is never
/// replaced by nothing. Callers limit the request body size before reading it.
///
/// A cell that starts with `'` followed by `=`, `+`, `-`, `@`, tab or carriage return loses the
/// `'`: that is the formula guard `CSVTable` writes, so a file downloaded and uploaded again
/// changes nothing. (A value that itself starts with `'=` cannot be stored; none of these tables
/// needs one.)
public enum ReferenceTable: String, CaseIterable, Sendable {
    case internetUsers = "internet-users"
    case targets
    case provinces
    case provinceCrosswalk = "province-crosswalk"

    /// Far more rows than any of these tables needs, so a wrong file cannot fill the database.
    public static let maximumRows = 10_000

    /// The columns `csv(_:)` writes, in order.
    public var header: [String] {
        switch self {
        case .internetUsers: ["year", "scope", "internet_users", "share_of_population", "as_of", "source", "status"]
        case .targets: ["year", "target_rate", "note", "source"]
        case .provinces: ["code", "name", "valid_from", "valid_to", "former_name"]
        case .provinceCrosswalk: ["from_code", "to_code"]
        }
    }

    /// Headers also read, so the shared reference files load as they are: internet users without
    /// `scope` (every row is national) and targets with `baseline_note` for `note`.
    private var otherHeaders: [[String]] {
        switch self {
        case .internetUsers: [header.filter { $0 != "scope" }]
        case .targets: [["year", "target_rate", "baseline_note", "source"]]
        case .provinces, .provinceCrosswalk: []
        }
    }

    private static let columnAliases = ["baseline_note": "note"]

    /// The rows of `text` for `table`, or every problem in it.
    ///
    /// - Parameter knownProvinces: the province codes a crosswalk may name; the caller fills it
    ///   from the `provinces` table, or from a provinces file it is loading in the same step.
    ///   Other tables ignore it.
    public static func parse(
        _ text: String,
        as table: ReferenceTable,
        knownProvinces: Set<String> = []
    ) -> Result<ReferenceRows, CSVReader.Failure> {
        let records: [CSVReader.Record]
        do {
            records = try CSVReader.records(text)
        } catch {
            return .failure(error)
        }
        func failure(_ message: LocalizedText) -> Result<ReferenceRows, CSVReader.Failure> {
            .failure(CSVReader.Failure(errors: [CSVReader.LineError(line: 1, column: nil, message: message)]))
        }
        guard let header = records.first?.fields else { return failure(ReferenceMessages.noRows) }
        guard header == table.header || table.otherHeaders.contains(header) else {
            return failure(ReferenceMessages.header(table.header))
        }
        let rows = records.dropFirst()
        guard !rows.isEmpty else { return failure(ReferenceMessages.noRows) }
        guard rows.count <= maximumRows else { return failure(ReferenceMessages.tooManyRows(rows.count)) }

        var errors: [CSVReader.LineError] = []
        let parsed: ReferenceRows
        switch table {
        case .internetUsers:
            parsed = .internetUsers(read(rows, header: header, key: ["year", "scope"], errors: &errors, InternetUsersRow.init))
        case .targets:
            parsed = .targets(read(rows, header: header, key: ["year"], errors: &errors, TargetRow.init))
        case .provinces:
            parsed = .provinces(read(rows, header: header, key: ["code"], errors: &errors, ProvinceRow.init))
        case .provinceCrosswalk:
            parsed = .provinceCrosswalk(
                read(rows, header: header, key: ["from_code"], errors: &errors) { CrosswalkRow(&$0, knownProvinces: knownProvinces) }
            )
        }
        guard errors.isEmpty else { return .failure(CSVReader.Failure(errors: errors)) }
        return .success(parsed)
    }

    /// `rows` in their table's header, as `parse(_:as:knownProvinces:)` reads them back.
    public static func csv(_ rows: ReferenceRows) -> CSVTable {
        let cells: [[String?]] =
            switch rows {
            case .internetUsers(let rows):
                rows.map {
                    [String($0.year), $0.scope, String($0.internetUsers), $0.shareOfPopulation?.description, $0.asOf, $0.source, $0.status]
                }
            case .targets(let rows):
                rows.map { [String($0.year), $0.targetRate?.description, $0.note, $0.source] }
            case .provinces(let rows):
                rows.map { [$0.code, $0.name, $0.validFrom, $0.validTo, $0.formerName] }
            case .provinceCrosswalk(let rows):
                rows.map { [$0.fromCode, $0.toCode] }
            }
        return CSVTable(header: rows.table.header, rows: cells)
    }

    /// Rows built from every record whose cells are valid. The `key` columns (the table's primary
    /// key) must not repeat; a repeat is reported on its later line, in the key's first column,
    /// even when other cells of either line are wrong, so that one upload shows every problem.
    private static func read<Row>(
        _ records: ArraySlice<CSVReader.Record>,
        header: [String],
        key: [String],
        errors: inout [CSVReader.LineError],
        _ make: (inout Cells) -> Row?
    ) -> [Row] {
        var rows: [Row] = []
        var seen: [[String]: Int] = [:]
        for record in records {
            guard record.fields.count == header.count else {
                errors.append(
                    .init(line: record.line, column: nil, message: ReferenceMessages.fieldCount(record.fields.count, header.count)))
                continue
            }
            var values: [String: (column: String, value: String)] = [:]
            for (column, value) in zip(header, record.fields) {
                values[columnAliases[column] ?? column] = (column, withoutFormulaGuard(value))
            }
            var cells = Cells(line: record.line, values: values)
            let row = make(&cells)
            errors += cells.errors
            // A valid key cell is already canonical; a missing `scope` column is the same for all rows.
            let keyColumns = Set(key.map(cells.column))
            if !cells.errors.contains(where: { $0.column.map(keyColumns.contains) ?? false }) {
                let keyValues = key.map { values[$0]?.value ?? "" }
                if let first = seen[keyValues] {
                    let present = key.filter { values[$0] != nil }
                    errors.append(
                        .init(line: record.line, column: cells.column(key[0]), message: ReferenceMessages.repeated(present, first)))
                    continue
                }
                seen[keyValues] = record.line
            }
            if let row, cells.errors.isEmpty { rows.append(row) }
        }
        return rows
    }

    private static func withoutFormulaGuard(_ value: String) -> String {
        guard value.hasPrefix("'"), let second = value.unicodeScalars.dropFirst().first,
            "=+-@\t\r".unicodeScalars.contains(second)
        else { return value }
        return String(value.dropFirst())
    }
}

// Reading each table's rows from a record's cells; the rows themselves are in ReferenceRows.swift.

extension InternetUsersRow {
    fileprivate init?(_ cells: inout Cells) {
        let year = cells.year("year")
        let scope = cells.has("scope") ? cells.code("scope") : Self.national
        let users = cells.positiveInteger("internet_users")
        let share = cells.rate("share_of_population")
        let asOf = cells.text("as_of", limit: 20, required: false)
        let source = cells.text("source", limit: 500, required: true)
        let status = cells.text("status", limit: 100, required: true)
        guard let year, let scope, let users, let source, let status else { return nil }
        self.init(year: year, scope: scope, internetUsers: users, shareOfPopulation: share, asOf: asOf, source: source, status: status)
    }
}

extension TargetRow {
    fileprivate init?(_ cells: inout Cells) {
        let year = cells.year("year")
        let rate = cells.rate("target_rate")
        let note = cells.text("note", limit: 500, required: false)
        let source = cells.text("source", limit: 500, required: true)
        guard let year, let source else { return nil }
        self.init(year: year, targetRate: rate, note: note, source: source)
    }
}

extension ProvinceRow {
    fileprivate init?(_ cells: inout Cells) {
        let code = cells.code("code")
        let name = cells.text("name", limit: 200, required: true)
        let validFrom = cells.day("valid_from")
        let validTo = cells.day("valid_to")
        let formerName = cells.text("former_name", limit: 200, required: false)
        // `YYYY-MM-DD` sorts as the days do.
        if let validFrom, let validTo, validFrom > validTo {
            cells.fail("valid_to", ReferenceMessages.endsBeforeStart)
        }
        guard let code, let name else { return nil }
        self.init(code: code, name: name, validFrom: validFrom, validTo: validTo, formerName: formerName)
    }
}

extension CrosswalkRow {
    fileprivate init?(_ cells: inout Cells, knownProvinces: Set<String>) {
        let from = cells.province("from_code", among: knownProvinces)
        let to = cells.province("to_code", among: knownProvinces)
        guard let from, let to else { return nil }
        self.init(fromCode: from, toCode: to)
    }
}

/// One record's cells by column, collecting what is wrong with them. Each reader returns nil for
/// an empty optional cell as well as for a bad one; the errors tell which.
private struct Cells {
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

private enum ReferenceMessages {
    static let noRows = LocalizedText(
        vi: "Tệp không có dòng dữ liệu nào; bảng không bao giờ bị thay bằng bảng trống.",
        en: "The file has no rows; a table is never replaced by nothing."
    )
    static let required = LocalizedText(vi: "Ô này không được để trống.", en: "This field must not be empty.")
    static let year = LocalizedText(vi: "Năm phải là một số từ 2000 đến 2100.", en: "The year must be a number from 2000 to 2100.")
    static let positiveInteger = LocalizedText(
        vi: "Phải là số nguyên dương, viết liền không có dấu phân cách (ví dụ 79800000).",
        en: "Must be a positive whole number without separators (e.g. 79800000)."
    )
    static let rate = LocalizedText(
        vi: "Phải để trống hoặc là số thập phân lớn hơn 0 và không quá 1, dùng dấu chấm (ví dụ 0.5).",
        en: "Must be empty or a decimal above 0 and at most 1, written with a point (e.g. 0.5)."
    )
    static let day = LocalizedText(
        vi: "Phải để trống hoặc là một ngày có thật, viết YYYY-MM-DD.",
        en: "Must be empty or a real day written YYYY-MM-DD."
    )
    static let endsBeforeStart = LocalizedText(
        vi: "valid_to không được trước valid_from.",
        en: "valid_to must not be before valid_from."
    )
    static let code = LocalizedText(
        vi: "Mã phải gồm 1 đến 64 ký tự a–z, 0–9 hoặc dấu gạch ngang.",
        en: "A code is 1 to 64 characters among a–z, 0–9 and hyphen."
    )
    static let scope = LocalizedText(
        vi: "Phạm vi phải là national hoặc một mã tỉnh (1 đến 64 ký tự a–z, 0–9 hoặc dấu gạch ngang).",
        en: "The scope must be national or a province code (1 to 64 characters among a–z, 0–9 and hyphen)."
    )

    static func header(_ header: [String]) -> LocalizedText {
        let expected = header.joined(separator: ",")
        return LocalizedText(vi: "Dòng tiêu đề phải là: \(expected)", en: "The header must be: \(expected)")
    }

    static func tooManyRows(_ count: Int) -> LocalizedText {
        LocalizedText(
            vi: "Tệp có \(count) dòng dữ liệu; tối đa là \(ReferenceTable.maximumRows).",
            en: "The file has \(count) rows; at most \(ReferenceTable.maximumRows) are accepted."
        )
    }

    static func fieldCount(_ count: Int, _ expected: Int) -> LocalizedText {
        LocalizedText(vi: "Dòng này có \(count) ô, cần \(expected) ô.", en: "This record has \(count) fields; \(expected) expected.")
    }

    static func tooLong(_ limit: Int) -> LocalizedText {
        LocalizedText(vi: "Tối đa \(limit) ký tự.", en: "At most \(limit) characters.")
    }

    static func repeated(_ columns: [String], _ line: Int) -> LocalizedText {
        let names = columns.joined(separator: ", ")
        return LocalizedText(vi: "Trùng \(names) với dòng \(line).", en: "Same \(names) as line \(line).")
    }

    static func unknownProvince(_ code: String) -> LocalizedText {
        LocalizedText(vi: "Không có tỉnh nào mã “\(code)”.", en: "No province has the code “\(code)”.")
    }
}
