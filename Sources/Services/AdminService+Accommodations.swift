import Domain
import Foundation
import Persistence

extension AdminService {
    /// Grants `learnerID` extra time on timed quizzes and exams (replacing any earlier grant),
    /// audited. Attempts already started keep their deadline.
    public func grantAccommodation(
        timePercent: Int,
        reason: Accommodation.Reason,
        to learnerID: UUID,
        by actor: Principal
    ) async throws
        -> Accommodation
    {
        let accommodation = Accommodation(timePercent: timePercent, reason: reason, grantedAt: context.clock.now(), grantedBy: actor.learnerID)
        let granted = try await database.withTransaction { connection in
            try await AccommodationStore.grant(accommodation, to: learnerID, on: connection, logger: logger)
        }
        guard granted else { throw Refusal(.notFound) }
        return accommodation
    }

    /// Withdraws `learnerID`'s extra time, audited; not found when they had none.
    public func withdrawAccommodation(of learnerID: UUID, by actor: Principal) async throws {
        let now = context.clock.now()
        let withdrawn = try await database.withTransaction { connection in
            try await AccommodationStore.withdraw(learnerID: learnerID, actorID: actor.learnerID, now: now, on: connection, logger: logger)
        }
        guard withdrawn else { throw Refusal(.notFound) }
    }
}
