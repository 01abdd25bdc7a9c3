import Hummingbird
import NIOCore

/// Hummingbird's request context plus the peer's address, for per-address throttling.
public struct AppRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The address of the connection's other end (a load balancer, when there is one).
    public let peerAddress: String?

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.peerAddress = source.channel.remoteAddress?.ipAddress
    }
}
