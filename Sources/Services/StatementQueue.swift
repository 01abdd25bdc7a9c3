import Domain
import Foundation
import Logging
import Persistence
import PostgresNIO

/// Queues xAPI statements for learning events, in the transaction of the event itself, when a
/// learning record store is configured; `off` (the default) queues nothing and costs nothing.
///
/// The statement is built here, once, and stored as sent later: its id and body never change,
/// so a resend after a crash is a duplicate the store drops.
public struct StatementQueue: Sendable {
    private let profile: XAPIProfile?
    private let hash: KeyedHash?

    /// No learning record store: nothing is queued.
    public static let off = StatementQueue(profile: nil, hash: nil)

    private init(profile: XAPIProfile?, hash: KeyedHash?) {
        self.profile = profile
        self.hash = hash
    }

    /// Statements whose activity ids and account home page are under `publicBaseURL`, naming the
    /// learner by a keyed hash of their id.
    public init(publicBaseURL: URL, hash: KeyedHash) {
        self.init(profile: XAPIProfile(publicBaseURL: publicBaseURL), hash: hash)
    }

    public var isOn: Bool { profile != nil }

    /// The account name statements give the learner: a keyed hash of their id, so the store can
    /// follow one learner without learning who they are.
    public func actorName(learnerID: UUID) -> String? {
        hash?.hex("xapi-actor", learnerID.uuidString.lowercased())
    }

    /// Queues one statement per event about `learnerID`, in the caller's transaction; nothing
    /// when off, or when the learner is erased. Returns how many were queued.
    @discardableResult
    public func add(
        _ events: [LearningEvent],
        learnerID: UUID,
        at timestamp: Date,
        random: RandomSource,
        on connection: PostgresConnection,
        logger: Logger
    ) async throws -> Int {
        guard let profile, let actor = actorName(learnerID: learnerID), !events.isEmpty else { return 0 }
        let statements = events.map { event in
            let id = random.uuid()
            return StatementOutbox.Queued(statementID: id, body: profile.statement(id: id, actorName: actor, event: event, at: timestamp))
        }
        return try await StatementOutbox.queue(statements, learnerID: learnerID, now: timestamp, on: connection, logger: logger)
    }
}
