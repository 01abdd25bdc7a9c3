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
        _ make: (inout ReferenceCells) -> Row?
    ) -> [Row] {
        var rows: [Row] = []
        var seen: [[String]: Int] = [:]
        for record in records {
            guard record.fields.count == header.count else {
                errors.append(
                    .init(line: record.line, column: nil, message: ReferenceMessages.fieldCount(record.fields.count, header.count))
                )
                continue
            }
            var values: [String: (column: String, value: String)] = [:]
            for (column, value) in zip(header, record.fields) {
                values[columnAliases[column] ?? column] = (column, withoutFormulaGuard(value))
            }
            var cells = ReferenceCells(line: record.line, values: values)
            let row = make(&cells)
            errors += cells.errors
            // A valid key cell is already canonical; a missing `scope` column is the same for all rows.
            let keyColumns = Set(key.map(cells.column))
            if !cells.errors.contains(where: { $0.column.map(keyColumns.contains) ?? false }) {
                let keyValues = key.map { values[$0]?.value ?? "" }
                if let first = seen[keyValues] {
                    let present = key.filter { values[$0] != nil }
                    errors.append(
                        .init(line: record.line, column: cells.column(key[0]), message: ReferenceMessages.repeated(present, first))
                    )
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
