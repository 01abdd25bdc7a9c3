import Foundation

/// The people of a class written as CSV, for managers who have the list in a spreadsheet:
/// `name,birth_year,sex,groups,statistics_consent,guardian_contact,guardian_form_reference,guardian_form_date`,
/// one person a line. Groups are separated by spaces; `statistics_consent` is `yes`/`có` or
/// `no`/`không` (empty is no). Each line becomes the same fields as the JSON list, so one rule
/// (`ManagedPerson.validate`) checks both; an error names the line and the column.
public enum ManagedPeopleCSV {
    public static let header = [
        "name", "birth_year", "sex", "groups", "statistics_consent", "guardian_contact", "guardian_form_reference", "guardian_form_date",
    ]
    static let fields = [
        "name", "birthYear", "sex", "groups", "statisticsConsent", "guardianContact", "guardianFormReference", "guardianFormDate",
    ]

    /// One person's fields, with the line they came from (the header is line 1).
    public struct Row: Sendable, Equatable {
        public var line: Int
        public var fields: [String: FormValue]
    }

    /// Every line's fields, or the errors that keep a line from being read at all (pointers
    /// `/lines/N` or `/lines/N/column`).
    public static func rows(_ text: String) -> Result<[Row], ValidationFailure> {
        let records: [CSVReader.Record]
        do {
            records = try CSVReader.records(text)
        } catch {
            return .failure(ValidationFailure(errors: error.errors.map { FieldError(pointer: pointer($0.line, $0.column), message: $0.message) }))
        }
        guard let first = records.first, first.fields.map({ $0.trimmingCharacters(in: .whitespaces) }) == header else {
            return .failure(ValidationFailure(errors: [FieldError(pointer: "/lines/1", message: ManagedAccountMessages.badHeader)]))
        }
        var rows: [Row] = []
        var errors: [FieldError] = []
        for record in records.dropFirst() {
            guard record.fields.count == header.count else {
                errors.append(FieldError(pointer: "/lines/\(record.line)", message: ManagedAccountMessages.wrongFieldCount))
                continue
            }
            var form: [String: FormValue] = [:]
            for (field, raw) in zip(fields, record.fields) {
                let text = raw.trimmingCharacters(in: .whitespaces)
                guard !text.isEmpty else { continue }
                switch field {
                case "birthYear": form[field] = Int(text).map(FormValue.integer) ?? .string(text)
                case "groups": form[field] = .array(text.split(separator: " ").map { .string(String($0)) })
                case "statisticsConsent":
                    switch text.lowercased() {
                    case "yes", "có": form[field] = .bool(true)
                    case "no", "không": form[field] = .bool(false)
                    default: form[field] = .string(text)
                    }
                default: form[field] = .string(text)
                }
            }
            rows.append(Row(line: record.line, fields: form))
        }
        return errors.isEmpty ? .success(rows) : .failure(ValidationFailure(errors: errors))
    }

    /// `/lines/3/birth_year` for the field `/people/…/birthYear` of the person on line 3.
    public static func column(ofField field: String) -> String {
        fields.firstIndex(of: field).map { header[$0] } ?? field
    }

    static func pointer(_ line: Int, _ column: String?) -> String {
        column.map { "/lines/\(line)/\($0)" } ?? "/lines/\(line)"
    }
}
