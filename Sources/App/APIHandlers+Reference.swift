import APIContract
import Domain
import Foundation
import Logging
import OpenAPIRuntime
import Persistence

extension APIHandlers {
    func getReferenceTable(_ input: Operations.GetReferenceTable.Input) async throws -> Operations.GetReferenceTable.Output {
        let table = ReferenceTable(rawValue: input.path.table.rawValue)!
        return .ok(.init(body: .csv(HTTPBody(try await ReferenceData.csv(table, database: database)))))
    }

    func replaceReferenceTable(_ input: Operations.ReplaceReferenceTable.Input) async throws -> Operations.ReplaceReferenceTable.Output {
        let admin = try principal()
        guard case .csv(let body) = input.body else { throw Problem(.unsupportedMediaType) }
        let table = ReferenceTable(rawValue: input.path.table.rawValue)!
        // BodyLimitMiddleware has already refused a body over the upload limit.
        let text = try await String(collecting: body, upTo: .max)
        switch try await ReferenceData.replace(table, text: text, database: database) {
        case .refused(let errors):
            throw Problem(.validation, errors: errors.map { error in
                FieldError(pointer: "/lines/\(error.line)" + (error.column.map { "/\($0)" } ?? ""), message: error.message)
            })
        case .replaced(let rows):
            logger.notice("reference data replaced", metadata: ["table": "\(table.rawValue)", "rows": "\(rows)", "actor": "\(admin.learnerID)"])
            return .ok(.init(body: .json(.init(table: table.rawValue, rows: rows))))
        }
    }
}
