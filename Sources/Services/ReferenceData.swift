import Domain
import Foundation
import Logging
import Persistence

/// Reference data: the four tables replaced whole from CSV (`PUT /v1/admin/reference/{table}`
/// and `safeskills reference replace`), and the provinces in force for sign-up forms.
public struct ReferenceData: Sendable {
    let context: ServiceContext

    public init(context: ServiceContext) {
        self.context = context
    }

    var database: Database { context.database }
    var logger: Logger { context.logger }

    public enum Outcome: Sendable {
        case replaced(rows: Int)
        /// Every problem, by line (the header is line 1); nothing was changed.
        case refused([CSVReader.LineError])
    }

    /// A refusal found inside the transaction, thrown so that it rolls back.
    private struct Rollback: Error {
        var errors: [CSVReader.LineError]
    }

    /// Checks `text` and replaces the table in one transaction, reach roll-ups rebuilt with it.
    public func replace(_ table: ReferenceTable, text: String) async throws -> Outcome {
        do {
            return try await database.withTransaction { connection in
                let known = try await ReferenceStore.provinceCodes(on: connection, logger: logger)
                switch ReferenceTable.parse(text, as: table, knownProvinces: known) {
                case .failure(let failure):
                    throw Rollback(errors: failure.errors)
                case .success(let rows):
                    do {
                        try await ReferenceStore.replace(rows, on: connection, logger: logger)
                    } catch let refused as ReferenceStore.Refused {
                        throw Rollback(errors: [CSVReader.LineError(line: 1, column: nil, message: refused.message)])
                    }
                    return .replaced(rows: rows.count)
                }
            }
        } catch let rollback as Rollback {
            return .refused(rollback.errors)
        }
    }

    /// The table as CSV.
    public func csv(_ table: ReferenceTable) async throws -> String {
        try await database.withConnection { connection in
            ReferenceTable.csv(try await ReferenceStore.rows(table, on: connection, logger: logger)).text
        }
    }

    /// The provincial units in force on `day`, with what each was merged into.
    public func provinces(on day: VietnamDay) async throws -> [ReferenceStore.ProvinceInForce] {
        try await database.withConnection { connection in
            try await ReferenceStore.provinces(inForceOn: day.text, on: connection, logger: logger)
        }
    }
}

extension ReferenceRows {
    var count: Int {
        switch self {
        case .internetUsers(let rows): rows.count
        case .targets(let rows): rows.count
        case .provinces(let rows): rows.count
        case .provinceCrosswalk(let rows): rows.count
        }
    }
}
