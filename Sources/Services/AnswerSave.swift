import Domain
import Foundation
import Logging
import Persistence

/// Answer save, the busiest write, as one unit: one statement in one transaction on one lease.
///
/// The transaction is what makes the acknowledgement true: PostgresNIO finishes a statement at its
/// CommandComplete, and an implicit (autocommit) transaction commits only after that, so a save
/// answered without an explicit COMMIT could be lost by a crash in between (the backup drill
/// found one) or fail to commit unseen (`AnswerDurabilityTests`).
///
/// The access policy leaves the bearer token to this step (`tokenCheckedByOperation`): its
/// statement reads and writes the attempt's item only where the token is a live access token of
/// the attempt's learner. The answer is written before it is checked against the question (one
/// round trip to PostgreSQL instead of two), and every refusal after the write rolls it back, so a
/// refused save changes nothing. The order in which a save is refused is:
///
/// 1. a token that is not live: unauthorized, before anything else is said (a stranger learns
///    nothing, not even whether the attempt exists);
/// 2. an attempt id that is not a UUID: not found; an answer of none of the four shapes: invalid
///    (both decided before the database is asked);
/// 3. an attempt that is not the caller's, or an item not in it: not found;
/// 4. a closed attempt, or one past its deadline: conflict;
/// 5. an answer that does not fit the item as shown: invalid.
///
/// A refusal found before the token was seen live (2 or 3) checks the token first, so 1 holds.
/// Rolling back a refused answer costs PostgreSQL as much as the write did; refusals are rare
/// (a client bug or a closed attempt), saves are not.
extension AttemptService {
    public func saveAnswer(
        token: BearerToken,
        attemptID text: String,
        itemID: String,
        form: [String: FormValue]
    ) async throws -> (answer: Answer, savedAt: Date) {
        let now = context.clock.now()
        let id: UUID
        let answer: Answer
        do {
            id = try Self.attemptID(text)
            answer = try Answer(form: form)
        } catch let refusal as Refusal {
            try await requireLive(token, now: now)
            throw refusal
        }
        let found = try await database.withTransaction { connection -> Bool in
            guard
                let saved = try await AttemptStore.saveAnswer(
                    token: token,
                    attemptID: id,
                    questionID: itemID,
                    answer: answer,
                    now: now,
                    on: connection,
                    logger: logger
                )
            else {
                return false
            }
            // The token is live from here on: every refusal below is the caller's to hear. Each
            // one throws, which rolls the answer back.
            guard saved.written, saved.attempt.isOpen, AttemptRules.acceptsAnswers(deadline: saved.attempt.deadline, now: now)
            else { throw Self.closed }
            guard
                let question = try await ContentStore.question(
                    courseID: saved.attempt.courseID,
                    id: itemID,
                    version: saved.questionVersion,
                    hash: saved.questionHash,
                    on: connection,
                    logger: logger
                )
            else {
                throw Refusal(.internalError)
            }
            if let problem = AnswerShape.problem(answer, for: question, presented: saved.presented) {
                throw Refusal.invalidField("", problem)
            }
            return true
        }
        guard found else {
            // No item for this token: either the token is not live or the attempt is not theirs.
            try await requireLive(token, now: now)
            throw Refusal(.notFound)
        }
        return (answer, now)
    }

    /// Refuses a token that is not live, for refusals found before a save's or a submit's first
    /// statement showed it live.
    func requireLive(_ token: BearerToken, now: Date) async throws {
        if try await TokenStore.authenticate(token, now: now, in: database) == nil { throw Refusal(.unauthorized) }
    }
}
