import Domain
import Foundation
import Logging
import PostgresNIO

/// Classes (cohorts), their join codes and memberships.
public enum ClassStore {
    /// A class with the path of its organisation, which decides who may manage it.
    public struct Located: Sendable {
        public var cohort: Cohort
        public var organisationPath: [String]
    }

    /// Whether a code may still admit someone, read without a lock: only a hint for the
    /// registration throttle; `takeSeat` decides.
    public enum Room: Sendable, Equatable {
        case unknownCode
        case full
        case available
    }

    /// The kind (`course` or `certification`) of each of `ids` that exists.
    public static func courseKinds(_ ids: [String], on connection: PostgresConnection, logger: Logger) async throws -> [String: String] {
        var kinds: [String: String] = [:]
        for try await (id, kind) in try await connection.run(
            "SELECT course_id, kind FROM courses WHERE course_id = ANY(\(ids)::text[])",
            logger: logger
        ).decode((String, String).self) {
            kinds[id] = kind
        }
        return kinds
    }

    public static func insert(_ cohort: Cohort, now: Date, on connection: PostgresConnection, logger: Logger) async throws {
        let details = cohort.details
        try await connection.run(
            """
            INSERT INTO classes (class_id, organisation_id, name, course_ids, program_id, starts_on, ends_on, facilitator,
                                 capacity, join_code, created_at)
            VALUES (\(cohort.id), \(cohort.organisationID), \(details.name), \(details.courseIDs), \(details.programID),
                    \(details.startsOn.text)::date, \(details.endsOn.text)::date, \(details.facilitator), \(details.capacity),
                    \(cohort.joinCode), \(now))
            """,
            logger: logger
        )
    }

    public static func cohort(_ id: UUID, on connection: PostgresConnection, logger: Logger) async throws -> Located? {
        try await cohorts(
            connection.run(
                """
                SELECT c.class_id, c.organisation_id, c.name, c.course_ids, c.program_id, c.starts_on::text, c.ends_on::text,
                       c.facilitator, c.capacity, c.seats_taken, c.join_code, o.path
                FROM classes c JOIN organisations o USING (organisation_id) WHERE c.class_id = \(id)
                """,
                logger: logger
            )
        ).first
    }

    /// The classes of one organisation, newest first.
    public static func cohorts(of organisationID: String, on connection: PostgresConnection, logger: Logger) async throws -> [Cohort] {
        try await cohorts(
            connection.run(
                """
                SELECT c.class_id, c.organisation_id, c.name, c.course_ids, c.program_id, c.starts_on::text, c.ends_on::text,
                       c.facilitator, c.capacity, c.seats_taken, c.join_code, o.path
                FROM classes c JOIN organisations o USING (organisation_id) WHERE c.organisation_id = \(organisationID)
                ORDER BY c.starts_on DESC, c.created_at DESC, c.class_id
                """,
                logger: logger
            )
        ).map(\.cohort)
    }

    private static func cohorts(_ rows: PostgresRowSequence) async throws -> [Located] {
        var result: [Located] = []
        for try await row in rows {
            let (id, organisationID, name, courseIDs, programID, startsOn, endsOn, facilitator, capacity, seatsTaken, joinCode, path) =
                try row.decode((UUID, String, String, [String], String?, String, String, String?, Int, Int, String?, [String]).self)
            guard let starts = VietnamDay(startsOn), let ends = VietnamDay(endsOn) else { continue }
            let details = CohortDetails(
                name: name,
                courseIDs: courseIDs,
                programID: programID,
                startsOn: starts,
                endsOn: ends,
                facilitator: facilitator,
                capacity: capacity
            )
            result.append(
                Located(
                    cohort: Cohort(id: id, organisationID: organisationID, details: details, seatsTaken: seatsTaken, joinCode: joinCode),
                    organisationPath: path
                )
            )
        }
        return result
    }

    /// Sets (or with nil, revokes) a class's join code; the old one stops working at once.
    /// False when the code is already another class's (the caller draws again).
    public static func setJoinCode(_ code: String?, classID: UUID, on connection: PostgresConnection, logger: Logger) async throws -> Bool {
        let taken =
            try await connection.run(
                "SELECT EXISTS (SELECT 1 FROM classes WHERE join_code = \(code) AND class_id <> \(classID))",
                logger: logger
            ).collect().first?.decode(Bool.self) ?? false
        guard !taken else { return false }
        try await connection.run("UPDATE classes SET join_code = \(code) WHERE class_id = \(classID)", logger: logger)
        return true
    }

    /// Whether a code exists and has a seat left, without locking anything.
    public static func room(forCode code: String, on connection: PostgresConnection, logger: Logger) async throws -> Room {
        guard
            let hasRoom = try await connection.run(
                "SELECT seats_taken < capacity FROM classes WHERE join_code = \(code)",
                logger: logger
            ).collect().first?.decode(Bool.self)
        else { return .unknownCode }
        return hasRoom ? .available : .full
    }

    public enum JoinOutcome: Sendable, Equatable {
        case joined(classID: UUID, joinedAt: Date)
        case unknownCode
        case full
    }

    /// Makes `learnerID` a member of the class whose code this is, in the caller's transaction.
    /// The class's row is locked first, so concurrent joins take its seats one at a time and never
    /// more than its capacity. A current member stays as they are; someone who left comes back
    /// on the seat they had; anyone else takes a new seat, if one is left.
    public static func join(code: String, learnerID: UUID, now: Date, on connection: PostgresConnection, logger: Logger) async throws -> JoinOutcome {
        guard
            let locked = try await connection.run(
                "SELECT class_id, seats_taken, capacity FROM classes WHERE join_code = \(code) FOR UPDATE",
                logger: logger
            ).collect().first?.decode((UUID, Int, Int).self)
        else { return .unknownCode }
        let (classID, seatsTaken, capacity) = locked
        if let membership = try await connection.run(
            "SELECT joined_at, left_at FROM class_memberships WHERE learner_id = \(learnerID) AND class_id = \(classID)",
            logger: logger
        ).collect().first?.decode((Date, Date?).self) {
            guard membership.1 != nil else { return .joined(classID: classID, joinedAt: membership.0) }
            try await connection.run(
                "UPDATE class_memberships SET joined_at = \(now), left_at = NULL WHERE learner_id = \(learnerID) AND class_id = \(classID)",
                logger: logger
            )
            // The membership now runs from today: its reach is recounted over the new interval.
            try await MembershipReach.refresh([learnerID], on: connection, logger: logger)
            return .joined(classID: classID, joinedAt: now)
        }
        guard seatsTaken < capacity else { return .full }
        try await connection.run("UPDATE classes SET seats_taken = seats_taken + 1 WHERE class_id = \(classID)", logger: logger)
        try await connection.run(
            "INSERT INTO class_memberships (learner_id, class_id, joined_at) VALUES (\(learnerID), \(classID), \(now))",
            logger: logger
        )
        try await MembershipReach.refresh([learnerID], on: connection, logger: logger)
        return .joined(classID: classID, joinedAt: now)
    }

    /// Records that a member left; false when they were not a current member.
    public static func leave(learnerID: UUID, classID: UUID, now: Date, on connection: PostgresConnection, logger: Logger) async throws -> Bool {
        let left =
            try await connection.run(
                """
                UPDATE class_memberships SET left_at = \(now)
                WHERE learner_id = \(learnerID) AND class_id = \(classID) AND left_at IS NULL RETURNING 1
                """,
                logger: logger
            ).collect().count == 1
        // An action at this very instant no longer falls inside the membership.
        if left { try await MembershipReach.refresh([learnerID], on: connection, logger: logger) }
        return left
    }

    /// The classes `learnerID` is in, newest joined first; `includingLeft` adds those they left.
    public static func memberships(
        of learnerID: UUID,
        includingLeft: Bool,
        on connection: PostgresConnection,
        logger: Logger
    ) async throws -> [MyClass] {
        let rows = try await connection.run(
            """
            SELECT c.class_id, c.name, o.organisation_id, o.name_vi, o.name_en, c.course_ids, c.program_id,
                   c.starts_on::text, c.ends_on::text, m.joined_at, m.left_at
            FROM class_memberships m JOIN classes c USING (class_id) JOIN organisations o ON o.organisation_id = c.organisation_id
            WHERE m.learner_id = \(learnerID) AND (\(includingLeft) OR m.left_at IS NULL)
            ORDER BY m.joined_at DESC, c.class_id
            """,
            logger: logger
        )
        var result: [MyClass] = []
        for try await row in rows {
            let (id, name, organisationID, nameVi, nameEn, courseIDs, programID, startsOn, endsOn, joinedAt, leftAt) =
                try row.decode((UUID, String, String, String, String, [String], String?, String, String, Date, Date?).self)
            guard let starts = VietnamDay(startsOn), let ends = VietnamDay(endsOn) else { continue }
            result.append(
                MyClass(
                    classID: id,
                    name: name,
                    organisationID: organisationID,
                    organisationName: LocalizedText(vi: nameVi, en: nameEn),
                    courseIDs: courseIDs,
                    programID: programID,
                    startsOn: starts,
                    endsOn: ends,
                    joinedAt: joinedAt,
                    leftAt: leftAt
                )
            )
        }
        return result
    }
}
