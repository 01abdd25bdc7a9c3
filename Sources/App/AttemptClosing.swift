import Domain
import Logging
import Persistence

/// Closes attempts whose deadline and grace have passed, as of their deadline, so that an
/// abandoned exam is graded with what was saved in time even if nobody reads it again.
struct AttemptClosing {
    let database: Database
    let clock: WallClock
    let issuer: CertificateIssuer

    func service(interval: Duration) -> PeriodicService {
        PeriodicService(interval: interval, runAtStart: false) { await closeOverdue() }
    }

    func closeOverdue() async {
        do {
            let now = clock.now()
            let overdue = try await database.withConnection { connection in
                try await AttemptStore.overdue(now: now, limit: 200, on: connection, logger: database.logger)
            }
            for (learnerID, attemptID) in overdue {
                try await database.withTransaction { connection in
                    guard let attempt = try await AttemptStore.attempt(learnerID: learnerID, id: attemptID, forUpdate: true, on: connection, logger: database.logger) else { return }
                    _ = try await AttemptGrading.closeIfOverdue(attempt, now: now, issuer: issuer, on: connection, logger: database.logger)
                }
            }
        } catch {
            database.logger.warning("closing overdue attempts failed", metadata: ["error": "\(String(reflecting: error))"])
        }
    }
}
