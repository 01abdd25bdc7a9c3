import Domain
import Foundation
import Logging
import Persistence

/// Answer save, the busiest write, as one unit: two statements on one lease, no transaction.
///
/// The first reads, with the token check folded in, what the answer is checked against; the
/// second writes the answer and commits it before it answers (`AttemptStore.writeAnswer`). An
/// acknowledged save is a committed one: PostgresNIO hands back a plain statement's result before
/// the implicit transaction around it commits, so a save answered on that could be lost by a
/// crash in between (the backup drill found one) or fail to commit unseen
/// (`AnswerDurabilityTests`). The answer is checked before it is written, so a refused save
/// changes nothing.
///
/// The access policy leaves the bearer token to this step (`tokenCheckedByOperation`). The order
/// in which a save is refused is:
///
/// 1. a token that is not live: unauthorized, before anything else is said (a stranger learns
///    nothing, not even whether the attempt exists);
/// 2. an attempt id that is not a UUID: not found; an answer of none of the four shapes: invalid
///    (both decided before the database is asked);
/// 3. an attempt that is not the caller's, or an item not in it: not found;
/// 4. a closed attempt, or one past its deadline: conflict;
/// 5. an answer that does not fit the item as shown: invalid;
/// 6. an attempt closed since the read (a submit or the deadline sweeper got there first):
///    conflict, without writing.
///
/// A refusal found before the token was seen live (2 or 3) checks the token first, so 1 holds.
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
        let found = try await database.withConnection { connection -> Bool in
            guard
                let target = try await AttemptStore.answerTarget(
                    token: token,
                    attemptID: id,
                    questionID: itemID,
                    now: now,
                    on: connection,
                    logger: logger
                )
            else {
                return false
            }
            // The token is live from here on: every refusal below is the caller's to hear.
            guard target.attempt.isOpen, AttemptRules.acceptsAnswers(deadline: target.attempt.deadline, now: now)
            else { throw Self.closed }
            guard
                let question = try await ContentStore.question(
                    courseID: target.attempt.courseID,
                    id: itemID,
                    version: target.questionVersion,
                    hash: target.questionHash,
                    on: connection,
                    logger: logger
                )
            else {
                throw Refusal(.internalError)
            }
            if let problem = AnswerShape.problem(answer, for: question, presented: target.presented) {
                throw Refusal.invalidField("", problem)
            }
            let written = try await AttemptStore.writeAnswer(
                answer,
                learnerID: token.learnerID,
                attemptID: id,
                questionID: itemID,
                now: now,
                on: connection,
                logger: logger
            )
            guard written else { throw Self.closed }
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
