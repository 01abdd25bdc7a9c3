import APIContract
import Domain
import Foundation
import Persistence
import PostgresNIO

extension APIHandlers {
    func listProvinces(_ input: Operations.ListProvinces.Input) async throws -> Operations.ListProvinces.Output {
        let day: String
        if let asOf = input.query.asOf {
            guard VietnamCalendar.isDay(asOf) else { throw Problem.invalidField("/query/asOf", .notADay) }
            day = asOf
        } else {
            day = VietnamCalendar.day(of: clock.now())
        }
        let items = try await database.withConnection { connection in
            let rows = try await connection.query(
                """
                SELECT p.code, p.name, to_char(p.valid_from, 'YYYY-MM-DD'), to_char(p.valid_to, 'YYYY-MM-DD'), p.former_name,
                       CASE WHEN w.to_code <> p.code THEN w.to_code END
                FROM provinces p LEFT JOIN province_crosswalk w ON w.from_code = p.code
                WHERE (p.valid_from IS NULL OR p.valid_from <= \(day)::date) AND (p.valid_to IS NULL OR p.valid_to >= \(day)::date)
                ORDER BY p.code
                """,
                logger: logger
            )
            var items: [Components.Schemas.Province] = []
            for try await (code, name, from, to, former, merged) in rows.decode((String, String, String?, String?, String?, String?).self) {
                items.append(.init(code: code, name: name, validFrom: from, validTo: to, formerName: former, mergedInto: merged))
            }
            return items
        }
        return .ok(.init(body: .json(.init(asOf: day, items: items))))
    }
}
