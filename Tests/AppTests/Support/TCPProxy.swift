import NIOCore
import NIOPosix
import Synchronization

/// A loopback TCP proxy that a test can cut and restore, to make a database unreachable without
/// stopping the cluster other tests share.
final class TCPProxy: Sendable {
    private struct State {
        var open = true
        var channels: [any Channel] = []
    }

    private let state = Mutex(State())
    private let listener = Mutex<(any Channel)?>(nil)

    var port: Int { listener.withLock { $0?.localAddress?.port ?? 0 } }

    init() {}

    func start(upstreamHost: String, upstreamPort: Int) async throws {
        let group = MultiThreadedEventLoopGroup.singleton
        let channel = try await ServerBootstrap(group: group)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.autoRead, value: false)
            .childChannelInitializer { [self] inbound in
                guard self.admit(inbound) else {
                    return inbound.close()
                }
                return ClientBootstrap(group: group)
                    .connect(host: upstreamHost, port: upstreamPort)
                    .flatMap { outbound in
                        self.track(outbound)
                        return inbound.pipeline.addHandler(Relay(partner: outbound))
                            .flatMap { outbound.pipeline.addHandler(Relay(partner: inbound)) }
                            .flatMap { inbound.setOption(.autoRead, value: true) }
                    }
            }
            .bind(host: "127.0.0.1", port: 0)
            .get()
        listener.withLock { $0 = channel }
    }

    /// Closes every relayed connection and refuses new ones until `restore`.
    func cut() async {
        let channels = state.withLock { state in
            state.open = false
            defer { state.channels = [] }
            return state.channels
        }
        for channel in channels { try? await channel.close() }
    }

    func restore() {
        state.withLock { $0.open = true }
    }

    func stop() async {
        await cut()
        let channel = listener.withLock { $0 }
        try? await channel?.close()
    }

    private func admit(_ channel: any Channel) -> Bool {
        state.withLock { state in
            guard state.open else { return false }
            state.channels.append(channel)
            return true
        }
    }

    private func track(_ channel: any Channel) {
        state.withLock { $0.channels.append(channel) }
    }
}

/// Copies bytes to the partner channel and closes it when this side closes.
private final class Relay: ChannelInboundHandler, Sendable {
    typealias InboundIn = ByteBuffer

    let partner: any Channel

    init(partner: any Channel) {
        self.partner = partner
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        partner.writeAndFlush(data, promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        partner.close(promise: nil)
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }
}
