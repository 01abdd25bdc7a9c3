import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A plain TCP connection to a live test server, for what an HTTP client library will not do:
/// send half a request and hold the rest back, as an attacker would. One test uses it at a time
/// (unchecked Sendable: only to read on a thread of its own).
final class RawConnection: @unchecked Sendable {
    private let socket: Int32

    init(port: Int) throws {
        socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw POSIXError(.ECONNREFUSED) }
    }

    deinit { close(socket) }

    /// Sends the bytes; false once the server has closed the connection.
    @discardableResult
    func send(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBytes { Glibc.send(socket, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) } == bytes.count
    }

    func send(_ text: String) {
        send(Array(text.utf8))
    }

    /// What the server sends within `seconds`: nil when it closed the connection without a word
    /// (a FIN or a reset), the bytes read when it answered or closed after answering, empty when
    /// it said nothing.
    func read(within seconds: Double) -> [UInt8]? {
        var timeout = timeval(tv_sec: Int(seconds), tv_usec: Int((seconds - seconds.rounded(.down)) * 1_000_000))
        setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = buffer.withUnsafeMutableBytes { recv(socket, $0.baseAddress, $0.count, 0) }
            if count > 0 {
                received += buffer[0..<count]
                if String(decoding: received, as: UTF8.self).contains("\r\n\r\n") { return received }
                continue
            }
            let error = errno
            // Closed, with a FIN or with a reset: a reset comes when the server closed first and
            // this side had sent more since (a slow machine let the idle timeout pass mid-head).
            if count == 0 || error == ECONNRESET { return received.isEmpty ? nil : received }
            if error == EINTR { continue }
            return received  // the time ran out
        }
    }
}

extension RawConnection {
    /// `read(within:)` on a thread of its own, so a test's wait never holds a thread of the pool
    /// the server's handlers run on.
    func answer(within seconds: Double) async -> [UInt8]? {
        await withCheckedContinuation { continuation in
            Thread { continuation.resume(returning: self.read(within: seconds)) }.start()
        }
    }
}
