import Hummingbird
import Logging

/// `/metrics` on a listener of its own (`METRICS_ADDRESS`, loopback by default), for Prometheus.
///
/// Per-route counts show admin actions and failed sign-ins as they happen, which is reconnaissance
/// for anyone on the internet, so the public listener never serves them.
public enum MetricsListener {
    public static func router() -> Router<BasicRequestContext> {
        let router = Router()
        router.get("/metrics") { _, _ in
            Response(
                status: .ok,
                headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8", .cacheControl: "no-store"],
                body: .init(byteBuffer: ByteBuffer(bytes: Observability.exposition()))
            )
        }
        return router
    }

    static func application(host: String, port: Int, logger: Logger) -> some ApplicationProtocol {
        Application(
            router: router(),
            configuration: .init(address: .hostname(host, port: port), serverName: nil),
            logger: logger
        )
    }
}
