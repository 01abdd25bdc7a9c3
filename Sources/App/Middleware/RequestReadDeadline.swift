import HTTPTypes
import NIOCore
import NIOHTTPTypes

/// Closes a connection whose request body has not fully arrived within its deadline.
///
/// The idle timeout already closes a connection that sends no complete request head (partial
/// header bytes do not count as activity), but once the head is in, Hummingbird waits for the
/// body as long as bytes trickle in. A client that sends one byte a minute would hold a
/// connection and a task for ever; this puts a deadline on the whole body, longer for uploads.
final class RequestReadDeadline: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart

    let timeout: TimeAmount
    let uploadTimeout: TimeAmount
    let uploadPaths: Set<String>
    private var deadline: Scheduled<Void>?

    init(timeout: TimeAmount, uploadTimeout: TimeAmount, uploadPaths: Set<String>) {
        self.timeout = timeout
        self.uploadTimeout = uploadTimeout
        self.uploadPaths = uploadPaths
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            deadline?.cancel()
            let path = head.path.map { String($0.prefix { $0 != "?" }) } ?? ""
            let channel = context.channel
            deadline = context.eventLoop.scheduleTask(in: uploadPaths.contains(path) ? uploadTimeout : timeout) {
                channel.close(promise: nil)
            }
        case .end:
            deadline?.cancel()
            deadline = nil
        case .body:
            break
        }
        context.fireChannelRead(data)
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        deadline?.cancel()
        deadline = nil
    }

    func channelInactive(context: ChannelHandlerContext) {
        deadline?.cancel()
        deadline = nil
        context.fireChannelInactive()
    }
}
