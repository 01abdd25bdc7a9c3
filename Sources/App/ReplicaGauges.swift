import Metrics
import Services

/// The statistics replica's health in `/metrics`: `safeskills_statistics_replica_up` (1 when its
/// last check or read succeeded, 0 when it could not be reached) and
/// `safeskills_statistics_replica_lag_seconds` (how far behind the primary it was at that check;
/// 0 when caught up). Only a server with `STATISTICS_DATABASE_URL` reports them.
enum ReplicaGauges {
    @Sendable static func record(_ health: StatisticsSource.Health) {
        // Looked up each time, as Database's metrics are: made before the bootstrap, they would report nowhere.
        Gauge(label: "safeskills_statistics_replica_up").record(health.up ? 1 : 0)
        Gauge(label: "safeskills_statistics_replica_lag_seconds").record(health.lagSeconds)
    }
}
