import Domain
import Foundation
import Logging
import PostgresNIO

/// The reference tables reach is judged against, read and replaced whole.
public enum ReferenceStore {
    /// A replacement that would break what is stored: it names what, and nothing was changed.
    public struct Refused: Error, Sendable {
        public var message: LocalizedText
    }

    public static func rows(_ table: ReferenceTable, on connection: PostgresConnection, logger: Logger) async throws -> ReferenceRows {
        switch table {
        case .internetUsers:
            var rows: [InternetUsersRow] = []
            for try await (year, scope, users, share, asOf, source, status) in try await connection.run(
                "SELECT year, scope, users, share_of_population::text, as_of, source, status FROM internet_users ORDER BY year, scope <> 'national', scope",
                logger: logger
            ).decode((Int, String, Int, String?, String?, String, String).self) {
                rows.append(
                    InternetUsersRow(
                        year: year,
                        scope: scope,
                        internetUsers: users,
                        shareOfPopulation: share.flatMap { Decimal(string: $0) },
                        asOf: asOf,
                        source: source,
                        status: status
                    )
                )
            }
            return .internetUsers(rows)
        case .targets:
            var rows: [TargetRow] = []
            for try await (year, rate, note, source) in try await connection.run(
                "SELECT year, target_rate::text, note, source FROM reach_targets ORDER BY year",
                logger: logger
            ).decode((Int, String?, String?, String).self) {
                rows.append(TargetRow(year: year, targetRate: rate.flatMap { Decimal(string: $0) }, note: note, source: source))
            }
            return .targets(rows)
        case .provinces:
            var rows: [ProvinceRow] = []
            for try await (code, name, from, to, former) in try await connection.run(
                "SELECT code, name, valid_from::text, valid_to::text, former_name FROM provinces ORDER BY valid_to IS NOT NULL, code",
                logger: logger
            ).decode((String, String, String?, String?, String?).self) {
                rows.append(ProvinceRow(code: code, name: name, validFrom: from, validTo: to, formerName: former))
            }
            return .provinces(rows)
        case .provinceCrosswalk:
            var rows: [CrosswalkRow] = []
            for try await (from, to) in try await connection.run(
                "SELECT from_code, to_code FROM province_crosswalk ORDER BY to_code, from_code",
                logger: logger
            ).decode((String, String).self) {
                rows.append(CrosswalkRow(fromCode: from, toCode: to))
            }
            return .provinceCrosswalk(rows)
        }
    }

    public static func provinceCodes(on connection: PostgresConnection, logger: Logger) async throws -> Set<String> {
        var codes: Set<String> = []
        for try await code in try await connection.run("SELECT code FROM provinces", logger: logger).decode(String.self) {
            codes.insert(code)
        }
        return codes
    }

    /// Replaces a table in the caller's transaction, then rebuilds the reach roll-ups, which
    /// carry provinces through the crosswalk: every figure follows the new data at once.
    ///
    /// Provinces are never deleted (people, reports and the crosswalk point at them): a file that
    /// leaves one out is refused, and a unit that ceased is closed with `valid_to`.
    public static func replace(_ rows: ReferenceRows, on connection: PostgresConnection, logger: Logger) async throws {
        // Values go as text arrays with '' for absent, cast in SQL: arrays of optionals do not bind.
        let text = { (value: String?) in value ?? "" }
        switch rows {
        case .internetUsers(let rows):
            let unknown = Set(rows.map(\.scope)).subtracting([InternetUsersRow.national])
                .subtracting(try await provinceCodes(on: connection, logger: logger))
            if !unknown.isEmpty {
                throw Refused(
                    message: LocalizedText(
                        vi: "Phạm vi không phải mã tỉnh đã biết: \(unknown.sorted().joined(separator: ", ")).",
                        en: "Scopes that are not known province codes: \(unknown.sorted().joined(separator: ", "))."
                    )
                )
            }
            try await connection.run("DELETE FROM internet_users", logger: logger)
            try await connection.run(
                """
                INSERT INTO internet_users (year, scope, users, share_of_population, as_of, source, status)
                SELECT year, scope, users, NULLIF(share, '')::numeric, NULLIF(as_of, ''), source, status
                FROM unnest(\(rows.map(\.year))::int[], \(rows.map(\.scope))::text[], \(rows.map(\.internetUsers))::bigint[],
                            \(rows.map { text($0.shareOfPopulation?.description) })::text[], \(rows.map { text($0.asOf) })::text[],
                            \(rows.map(\.source))::text[], \(rows.map(\.status))::text[])
                     AS r(year, scope, users, share, as_of, source, status)
                """,
                logger: logger
            )
        case .targets(let rows):
            try await connection.run("DELETE FROM reach_targets", logger: logger)
            try await connection.run(
                """
                INSERT INTO reach_targets (year, target_rate, note, source)
                SELECT year, NULLIF(rate, '')::numeric, NULLIF(note, ''), source
                FROM unnest(\(rows.map(\.year))::int[], \(rows.map { text($0.targetRate?.description) })::text[],
                            \(rows.map { text($0.note) })::text[], \(rows.map(\.source))::text[]) AS r(year, rate, note, source)
                """,
                logger: logger
            )
        case .provinces(let rows):
            let missing = try await provinceCodes(on: connection, logger: logger).subtracting(rows.map(\.code))
            if !missing.isEmpty {
                throw Refused(
                    message: LocalizedText(
                        vi: "Không được bỏ tỉnh đang dùng (hãy đặt valid_to): \(missing.sorted().joined(separator: ", ")).",
                        en: "Provinces in use cannot be left out (set valid_to instead): \(missing.sorted().joined(separator: ", "))."
                    )
                )
            }
            try await connection.run(
                """
                INSERT INTO provinces (code, name, valid_from, valid_to, former_name)
                SELECT code, name, NULLIF(valid_from, '')::date, NULLIF(valid_to, '')::date, NULLIF(former_name, '')
                FROM unnest(\(rows.map(\.code))::text[], \(rows.map(\.name))::text[], \(rows.map { text($0.validFrom) })::text[],
                            \(rows.map { text($0.validTo) })::text[], \(rows.map { text($0.formerName) })::text[])
                     AS r(code, name, valid_from, valid_to, former_name)
                ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, valid_from = EXCLUDED.valid_from,
                    valid_to = EXCLUDED.valid_to, former_name = EXCLUDED.former_name
                """,
                logger: logger
            )
        case .provinceCrosswalk(let rows):
            try await connection.run("DELETE FROM province_crosswalk", logger: logger)
            try await connection.run(
                """
                INSERT INTO province_crosswalk (from_code, to_code)
                SELECT from_code, to_code FROM unnest(\(rows.map(\.fromCode))::text[], \(rows.map(\.toCode))::text[]) AS r(from_code, to_code)
                """,
                logger: logger
            )
        }
        try await ReachStore.rollUp(rebuild: true, on: connection, logger: logger)
    }

    /// A provincial unit as sign-up forms list it.
    public struct ProvinceInForce: Sendable, Equatable {
        public var code: String
        public var name: String
        public var validFrom: String?
        public var validTo: String?
        public var formerName: String?
        /// The unit it was merged into, where that is another.
        public var mergedInto: String?
    }

    /// The units in force on `day` (`YYYY-MM-DD`), by code.
    public static func provinces(inForceOn day: String, on connection: PostgresConnection, logger: Logger) async throws -> [ProvinceInForce] {
        let rows = try await connection.run(
            """
            SELECT p.code, p.name, to_char(p.valid_from, 'YYYY-MM-DD'), to_char(p.valid_to, 'YYYY-MM-DD'), p.former_name,
                   CASE WHEN w.to_code <> p.code THEN w.to_code END
            FROM provinces p LEFT JOIN province_crosswalk w ON w.from_code = p.code
            WHERE (p.valid_from IS NULL OR p.valid_from <= \(day)::date) AND (p.valid_to IS NULL OR p.valid_to >= \(day)::date)
            ORDER BY p.code
            """,
            logger: logger
        )
        var items: [ProvinceInForce] = []
        for try await (code, name, from, to, former, merged) in rows.decode((String, String, String?, String?, String?, String?).self) {
            items.append(ProvinceInForce(code: code, name: name, validFrom: from, validTo: to, formerName: former, mergedInto: merged))
        }
        return items
    }
}
