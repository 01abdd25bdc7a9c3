import Metrics
import Prometheus

/// The process's one metrics registry, served at `/metrics`.
///
/// swift-metrics can be bootstrapped once per process, so the registry is shared by every
/// application the process builds (tests build many).
public enum Observability {
    public static let registry: PrometheusCollectorRegistry = {
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        return registry
    }()

    static func exposition() -> [UInt8] {
        var buffer: [UInt8] = []
        registry.emit(into: &buffer)
        return buffer
    }
}
