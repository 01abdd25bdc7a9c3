import Domain
import Foundation
import Logging
import Persistence

/// Replacing reference data from CSV, shared by `PUT /v1/admin/reference/{table}` and
/// `safeskills reference replace`.
public enum ReferenceData {
    public enum Outcome: Sendable {
        case replaced(rows: Int)
        /// Every problem, by line (the header is line 1); nothing was changed.
        case refused([CSVReader.LineError])
    }

    /// A refusal found inside the transaction, thrown so that it rolls back.
    private struct Refusal: Error {
        var errors: [CSVReader.LineError]
    }

    /// Checks `text` and replaces the table in one transaction, reach roll-ups rebuilt with it.
    static func replace(_ table: ReferenceTable, text: String, database: Database) async throws -> Outcome {
        do {
            return try await database.withTransaction { connection in
                let known = try await ReferenceStore.provinceCodes(on: connection, logger: database.logger)
                switch ReferenceTable.parse(text, as: table, knownProvinces: known) {
                case .failure(let failure):
                    throw Refusal(errors: failure.errors)
                case .success(let rows):
                    do {
                        try await ReferenceStore.replace(rows, on: connection, logger: database.logger)
                    } catch let refused as ReferenceStore.Refused {
                        throw Refusal(errors: [CSVReader.LineError(line: 1, column: nil, message: refused.message)])
                    }
                    return .replaced(rows: rows.count)
                }
            }
        } catch let refusal as Refusal {
            return .refused(refusal.errors)
        }
    }

    public static func replace(_ settings: Settings, table: ReferenceTable, text: String, logger: Logger) async throws -> Outcome {
        try await SafeSkills.withDatabase(settings, logger: logger) { database in
            try await replace(table, text: text, database: database)
        }
    }

    static func csv(_ table: ReferenceTable, database: Database) async throws -> String {
        try await database.withConnection { connection in
            ReferenceTable.csv(try await ReferenceStore.rows(table, on: connection, logger: database.logger)).text
        }
    }

    public static func csv(_ settings: Settings, table: ReferenceTable, logger: Logger) async throws -> String {
        try await SafeSkills.withDatabase(settings, logger: logger) { database in
            try await csv(table, database: database)
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
