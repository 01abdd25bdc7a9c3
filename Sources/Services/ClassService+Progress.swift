import Domain
import Foundation
import Persistence

extension ClassService {
    /// A class's progress for one of its managers: the counts always, and each member's own
    /// progress only with that member's `organisation` consent. Every person whose progress is
    /// shown is recorded as read, in the same transaction, so no read goes unrecorded.
    public func progress(of classID: String, for principal: Principal) async throws -> ClassProgress {
        let now = context.clock.now()
        return try await database.withTransaction { connection in
            let cohort = try await managed(classID, by: principal, on: connection)
            let progress = try await ClassProgressStore.progress(of: cohort, on: connection, logger: logger)
            try await ClassProgressStore.recordReads(
                of: progress.members.map(\.learnerID),
                classID: cohort.id,
                readerID: principal.learnerID,
                what: "class-progress",
                now: now,
                on: connection,
                logger: logger
            )
            return progress
        }
    }
}
