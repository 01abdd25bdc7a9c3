import Foundation

/// An organisation tree written as CSV, for administrators who have it in a spreadsheet:
/// `id,parent,kind,name_vi,name_en,province`, one organisation a line, a parent before its
/// children (as a tree is written top-down), the parent empty at the top.
public enum OrganisationImport {
    public static let header = ["id", "parent", "kind", "name_vi", "name_en", "province"]

    public struct Row: Sendable, Equatable {
        public var line: Int
        public var organisation: NewOrganisation
    }

    /// Every row, or every problem by line (the header is line 1).
    public static func parse(_ text: String) -> Result<[Row], CSVReader.Failure> {
        let records: [CSVReader.Record]
        do {
            records = try CSVReader.records(text)
        } catch {
            return .failure(error)
        }
        guard let first = records.first, first.fields.map({ $0.trimmingCharacters(in: .whitespaces) }) == header else {
            return .failure(CSVReader.Failure(errors: [CSVReader.LineError(line: 1, column: nil, message: badHeader)]))
        }
        var rows: [Row] = []
        var errors: [CSVReader.LineError] = []
        var seen: Set<String> = []
        let fieldColumns = ["id": "id", "parentId": "parent", "kind": "kind", "nameVi": "name_vi", "nameEn": "name_en", "province": "province"]
        for record in records.dropFirst() {
            guard record.fields.count == header.count else {
                errors.append(CSVReader.LineError(line: record.line, column: nil, message: wrongFieldCount))
                continue
            }
            let form: [String: FormValue] = [
                "id": .string(record.fields[0]), "parentId": .string(record.fields[1]), "kind": .string(record.fields[2]),
                "nameVi": .string(record.fields[3]), "nameEn": .string(record.fields[4]), "province": .string(record.fields[5]),
            ]
            switch NewOrganisation.validate(form) {
            case .failure(let failure):
                for error in failure.errors {
                    let field = String(error.pointer.dropFirst())
                    errors.append(CSVReader.LineError(line: record.line, column: fieldColumns[field] ?? field, message: error.message))
                }
            case .success(let organisation):
                if !seen.insert(organisation.id).inserted {
                    errors.append(CSVReader.LineError(line: record.line, column: "id", message: duplicateID))
                } else {
                    rows.append(Row(line: record.line, organisation: organisation))
                }
            }
        }
        return errors.isEmpty ? .success(rows) : .failure(CSVReader.Failure(errors: errors))
    }

    static let badHeader = LocalizedText(
        vi: "Dòng đầu phải là: id,parent,kind,name_vi,name_en,province",
        en: "The first line must be: id,parent,kind,name_vi,name_en,province"
    )
    static let wrongFieldCount = LocalizedText(vi: "Mỗi dòng phải có đúng 6 cột.", en: "Each line must have exactly 6 fields.")
    static let duplicateID = LocalizedText(vi: "Mã này đã xuất hiện ở dòng trước.", en: "This id already appears on an earlier line.")
}
