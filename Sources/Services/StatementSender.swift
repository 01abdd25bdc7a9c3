import Domain
import Foundation
import Logging
import Persistence

/// A learning record store's statements resource, as the sender sees it; App's `LRSClient`
/// speaks xAPI over HTTP.
public protocol LearningRecordStore: Sendable {
    /// POSTs the statements (each a JSON object's text) as one JSON array. Returns the store's
    /// status and body; throws when the store cannot be reached or does not answer in time.
    func post(_ statements: [String]) async throws -> (status: Int, body: String)
}

/// Sends the xAPI outbox to the learning record store, in batches, from any number of nodes.
///
/// At least once, under each statement's own id: a statement is deleted only after the store
/// accepted it, so a crash in between sends it again and the store drops the duplicate. A batch
/// the store refuses (4xx) is sent again one statement at a time, to set aside only the refused
/// ones; a store that is down or failing (5xx, no answer) keeps every statement, tried again
/// after a back-off that grows with each try. No transaction is held while the store is asked.
public struct StatementSender: Sendable {
    let context: ServiceContext
    let store: any LearningRecordStore
    let batchSize: Int

    public init(context: ServiceContext, store: any LearningRecordStore, batchSize: Int) {
        self.context = context
        self.store = store
        self.batchSize = batchSize
    }

    var database: Database { context.database }
    var logger: Logger { context.logger }

    /// What one run did.
    public struct Report: Sendable, Equatable {
        public var sent = 0
        public var setAside = 0
        /// Statements kept for a later try because the store was down or failing.
        public var deferred = 0

        public init() {}
    }

    /// Sends due statements, batch after batch, until none is due or the store fails; at most
    /// `maxBatches` batches, so one run stays short.
    public func sendDue(maxBatches: Int = 20) async throws -> Report {
        var report = Report()
        for _ in 0..<maxBatches {
            let now = context.clock.now()
            let batch = try await database.withConnection { connection in
                try await StatementOutbox.claim(limit: batchSize, now: now, lease: StatementDelivery.lease, on: connection, logger: logger)
            }
            if batch.isEmpty { break }
            let storeFailed = try await send(batch, report: &report)
            if storeFailed || batch.count < batchSize { break }
        }
        if report != Report() {
            logger.info(
                "xapi statements sent",
                metadata: ["sent": "\(report.sent)", "set_aside": "\(report.setAside)", "deferred": "\(report.deferred)"]
            )
        }
        return report
    }

    /// Sends one claimed batch; says whether the store failed (the rest of the run waits).
    private func send(_ batch: [StatementOutbox.Claimed], report: inout Report) async throws -> Bool {
        let answer = await post(batch)
        switch answer.outcome {
        case .accepted:
            try await accepted(batch, report: &report)
            return false
        case .retryLater:
            try await retryLater(batch, error: answer.description, report: &report)
            return true
        case .refused where batch.count == 1:
            try await setAside(batch[0], answer: answer, report: &report)
            return false
        case .refused:
            // One bad statement refuses its whole batch: find it by sending them one by one.
            for (index, statement) in batch.enumerated() {
                let single = await post([statement])
                switch single.outcome {
                case .accepted: try await accepted([statement], report: &report)
                case .refused: try await setAside(statement, answer: single, report: &report)
                case .retryLater:
                    try await retryLater(Array(batch[index...]), error: single.description, report: &report)
                    return true
                }
            }
            return false
        }
    }

    private struct Answer {
        var outcome: StatementDelivery.Outcome
        var status: Int?
        var description: String
    }

    private func post(_ statements: [StatementOutbox.Claimed]) async -> Answer {
        do {
            let (status, body) = try await store.post(statements.map(\.body))
            return Answer(outcome: StatementDelivery.outcome(status: status), status: status, description: "HTTP \(status): \(body.prefix(2000))")
        } catch {
            return Answer(outcome: .retryLater, status: nil, description: "\(error)".prefix(2000).description)
        }
    }

    private func accepted(_ statements: [StatementOutbox.Claimed], report: inout Report) async throws {
        try await database.withConnection { connection in
            try await StatementOutbox.delete(statements, on: connection, logger: logger)
        }
        report.sent += statements.count
    }

    private func retryLater(_ statements: [StatementOutbox.Claimed], error: String, report: inout Report) async throws {
        let now = context.clock.now()
        try await database.withConnection { connection in
            try await StatementOutbox.retryLater(
                statements.map { ($0, now.addingTimeInterval(StatementDelivery.backOff(afterTries: $0.tries))) },
                error: error,
                on: connection,
                logger: logger
            )
        }
        report.deferred += statements.count
        logger.warning("learning record store unavailable; statements kept", metadata: ["count": "\(statements.count)", "error": "\(error)"])
    }

    private func setAside(_ statement: StatementOutbox.Claimed, answer: Answer, report: inout Report) async throws {
        let now = context.clock.now()
        try await database.withConnection { connection in
            try await StatementOutbox.setAside(
                statement,
                status: answer.status ?? 0,
                reason: answer.description,
                now: now,
                on: connection,
                logger: logger
            )
        }
        report.setAside += 1
        logger.error(
            "learning record store refused a statement; set aside",
            metadata: ["statement": "\(statement.statementID)", "status": "\(answer.status ?? 0)"]
        )
    }

    /// The outbox as it stands: for `/metrics`.
    public func figures() async throws -> StatementOutbox.Figures {
        try await database.withConnection { connection in
            try await StatementOutbox.figures(on: connection, logger: logger)
        }
    }
}
