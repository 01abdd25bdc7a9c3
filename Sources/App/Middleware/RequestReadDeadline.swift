import HTTPTypes
import NIOCore
import NIOHTTPTypes

/// Closes a connection whose request body has not fully arrived within its deadline.
///
/// The idle timeout already closes a connection that sends no complete request head (partial
/// header bytes do not count as activity), but once the head is in, Hummingbird waits for the
/// body as long as bytes trickle in. A client that sends one byte a minute would hold a
/// connection and a task for ever; this puts a deadline on the whole body, longer for uploads.
///
/// The timer starts only when a read ends with a request still incomplete: nearly every request
/// arrives whole in one read, and a timer scheduled and cancelled for each of them was work on
/// the hottest path for nothing. The deadline still counts from the head's arrival.
final class RequestReadDeadline: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart

    let timeout: TimeAmount
    let uploadTimeout: TimeAmount
    let uploadPaths: Set<String>
    /// The request whose head has arrived and whose end has not.
    private var incomplete: (arrived: NIODeadline, path: String?)?
    private var deadline: Scheduled<Void>?

    init(timeout: TimeAmount, uploadTimeout: TimeAmount, uploadPaths: Set<String>) {
        self.timeout = timeout
        self.uploadTimeout = uploadTimeout
        self.uploadPaths = uploadPaths
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            cancel()
            incomplete = (.now(), head.path)
        case .end:
            cancel()
        case .body:
            break
        }
        context.fireChannelRead(data)
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        if let incomplete, deadline == nil {
            let path = incomplete.path.map { String($0.prefix { $0 != "?" }) } ?? ""
            let channel = context.channel
            deadline = context.eventLoop.scheduleTask(
                deadline: incomplete.arrived + (uploadPaths.contains(path) ? uploadTimeout : timeout)
            ) {
                channel.close(promise: nil)
            }
        }
        context.fireChannelReadComplete()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        cancel()
    }

    func channelInactive(context: ChannelHandlerContext) {
        cancel()
        context.fireChannelInactive()
    }

    private func cancel() {
        deadline?.cancel()
        deadline = nil
        incomplete = nil
    }
}
