import APIContract
import Domain
import Foundation
import Logging
import OpenAPIRuntime
import Persistence
import Services

extension APIHandlers {
    func listProvinces(_ input: Operations.ListProvinces.Input) async throws -> Operations.ListProvinces.Output {
        var day = VietnamDay(of: services.context.clock.now())
        if let asOf = input.query.asOf {
            guard let asked = VietnamDay(asOf) else { throw Problem.invalidField("/query/asOf", .notADay) }
            day = asked
        }
        let items = try await services.reference.provinces(on: day).map {
            Components.Schemas.Province(
                code: $0.code,
                name: $0.name,
                validFrom: $0.validFrom,
                validTo: $0.validTo,
                formerName: $0.formerName,
                mergedInto: $0.mergedInto
            )
        }
        return .ok(.init(body: .json(.init(asOf: day.text, items: items))))
    }

    func getReferenceTable(_ input: Operations.GetReferenceTable.Input) async throws -> Operations.GetReferenceTable.Output {
        let table = ReferenceTable(rawValue: input.path.table.rawValue)!
        return .ok(.init(body: .csv(HTTPBody(try await services.reference.csv(table)))))
    }

    func replaceReferenceTable(_ input: Operations.ReplaceReferenceTable.Input) async throws -> Operations.ReplaceReferenceTable.Output {
        let admin = try principal()
        guard case .csv(let body) = input.body else { throw Problem(.unsupportedMediaType) }
        let table = ReferenceTable(rawValue: input.path.table.rawValue)!
        // BodyLimitMiddleware has already refused a body over the upload limit.
        let text = try await String(collecting: body, upTo: .max)
        switch try await services.reference.replace(table, text: text) {
        case .refused(let errors):
            throw Problem(
                .validation,
                errors: errors.map { error in
                    FieldError(pointer: "/lines/\(error.line)" + (error.column.map { "/\($0)" } ?? ""), message: error.message)
                }
            )
        case .replaced(let rows):
            logger.notice("reference data replaced", metadata: ["table": "\(table.rawValue)", "rows": "\(rows)", "actor": "\(admin.learnerID)"])
            return .ok(.init(body: .json(.init(table: table.rawValue, rows: rows))))
        }
    }
}
