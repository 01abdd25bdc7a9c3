import APIContract
import Domain
import Foundation
import Logging
import OpenAPIRuntime
import Persistence

extension APIHandlers {
    func getReferenceTable(_ input: Operations.GetReferenceTable.Input) async throws -> Operations.GetReferenceTable.Output {
        let table = ReferenceTable(rawValue: input.path.table.rawValue)!
        let rows = try await database.withConnection { connection in
            try await ReferenceStore.rows(table, on: connection, logger: logger)
        }
        return .ok(.init(body: .csv(HTTPBody(ReferenceTable.csv(rows).text))))
    }

    func replaceReferenceTable(_ input: Operations.ReplaceReferenceTable.Input) async throws -> Operations.ReplaceReferenceTable.Output {
        let admin = try principal()
        guard case .csv(let body) = input.body else { throw Problem(.unsupportedMediaType) }
        let table = ReferenceTable(rawValue: input.path.table.rawValue)!
        // BodyLimitMiddleware has already refused a body over the upload limit.
        let text = try await String(collecting: body, upTo: .max)
        let count = try await Self.replaceReference(table, text: text, database: database)
        logger.notice("reference data replaced", metadata: ["table": "\(table.rawValue)", "rows": "\(count)", "actor": "\(admin.learnerID)"])
        return .ok(.init(body: .json(.init(table: table.rawValue, rows: count))))
    }

    /// Checks `text` and replaces the table in one transaction: every bad line is one field error
    /// (`/lines/{line}/{column}`), and nothing changes unless all is well. Shared with the CLI.
    static func replaceReference(_ table: ReferenceTable, text: String, database: Database) async throws -> Int {
        try await database.withTransaction { connection in
            let known = try await ReferenceStore.provinceCodes(on: connection, logger: database.logger)
            switch ReferenceTable.parse(text, as: table, knownProvinces: known) {
            case .failure(let failure):
                throw Problem(.validation, errors: failure.errors.map { error in
                    FieldError(pointer: "/lines/\(error.line)" + (error.column.map { "/\($0)" } ?? ""), message: error.message)
                })
            case .success(let rows):
                do {
                    try await ReferenceStore.replace(rows, on: connection, logger: database.logger)
                } catch let refused as ReferenceStore.Refused {
                    throw Problem(.validation, errors: [FieldError(pointer: "/lines/1", message: refused.message)])
                }
                switch rows {
                case .internetUsers(let rows): return rows.count
                case .targets(let rows): return rows.count
                case .provinces(let rows): return rows.count
                case .provinceCrosswalk(let rows): return rows.count
                }
            }
        }
    }
}
