import Domain
import Foundation
import Logging
import Metrics
import Persistence
import Services

/// The background job that sends the xAPI outbox, and what `/metrics` shows of it.
///
/// The outbox gauges are read from the database, so every node shows the whole outbox; the
/// counters are this node's.
enum StatementDeliveryJob {
    static func service(_ sender: StatementSender, every interval: Duration, clock: WallClock, logger: Logger) -> PeriodicService {
        PeriodicService.job("sending xAPI statements", every: interval, logger: logger) {
            try await runOnce(sender, clock: clock)
        }
    }

    /// One run: sends what is due, then records the counts and the outbox as it stands.
    @discardableResult
    static func runOnce(_ sender: StatementSender, clock: WallClock) async throws -> StatementSender.Report {
        let report = try await sender.sendDue()
        Counter(label: "safeskills_xapi_statements_sent_total").increment(by: report.sent)
        Counter(label: "safeskills_xapi_statements_set_aside_total").increment(by: report.setAside)
        Counter(label: "safeskills_xapi_statements_deferred_total").increment(by: report.deferred)
        let figures = try await sender.figures()
        Gauge(label: "safeskills_xapi_outbox_waiting").record(figures.waiting)
        Gauge(label: "safeskills_xapi_outbox_set_aside").record(figures.setAside)
        Gauge(label: "safeskills_xapi_outbox_oldest_waiting_seconds").record(
            figures.oldestWaitingSince.map { max(0, clock.now().timeIntervalSince($0)) } ?? 0
        )
        return report
    }
}
