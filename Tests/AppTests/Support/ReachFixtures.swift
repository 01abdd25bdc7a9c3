import Domain
import Foundation
import Persistence
import PostgresNIO
import TestSupport

/// People reached on known days, written straight into the database, so the reach figures,
/// series and dashboard can be checked against counts made by hand.
enum ReachFixtures {
    /// 51 people over four provinces and four days of 2025: 12 in Quảng Nam before the merger (counted
    /// under Đà Nẵng), 15 in Đà Nẵng, 4 in Hà Nội (few enough to be withheld) and 20 in Huế.
    static let people =
        Array(repeating: (province: Optional("quang-nam-pre2025"), sex: Optional("female"), groups: ["older-person"], day: "2025-05-10"), count: 12)
        + Array(repeating: (province: Optional("da-nang"), sex: Optional("male"), groups: [String](), day: "2025-09-01"), count: 15)
        + Array(repeating: (province: Optional("ha-noi"), sex: Optional("female"), groups: [String](), day: "2025-09-02"), count: 4)
        + Array(repeating: (province: Optional("hue"), sex: Optional("male"), groups: [String](), day: "2025-09-03"), count: 20)

    /// Learners with a province, sex and groups, reached on `day` (09:00 in Vietnam).
    static func seed(_ url: String, _ people: [(province: String?, sex: String?, groups: [String], day: String)]) async throws {
        try await TestDatabase.withDatabase(url: url) { database in
            try await database.withTransaction { connection in
                for person in people {
                    let id = UUID()
                    try await connection.query(
                        """
                        INSERT INTO learners (learner_id, display_name, locale, province_code, sex, groups, birth_year, created_at, updated_at)
                        VALUES (\(id), 'x', 'vi', \(person.province), \(person.sex), \(person.groups), 1960, now(), now())
                        """,
                        logger: database.logger
                    )
                    let at = ISO8601DateFormatter().date(from: person.day + "T02:00:00Z")!
                    try await LearningStore.record(
                        .enrolled,
                        learnerID: id,
                        courseID: "c",
                        now: at,
                        channel: "web",
                        on: connection,
                        logger: database.logger
                    )
                }
            }
        }
    }
}
