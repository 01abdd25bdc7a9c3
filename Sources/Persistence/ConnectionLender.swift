import NIOCore
import PostgresNIO
import Synchronization

/// Keeps the pool's connections leased by long-lived holders and lends them from request to
/// request: the server's way to its database (`Database(client:lender:)`).
///
/// PostgresNIO's pool starts an idle-timeout and a keep-alive timer (a task group and a dispatch
/// timer each) every time a connection goes back idle, and cancels both at the next lease; a lease
/// taken for one request also needed a task of its own to hold it. A save arriving alone paid all
/// of that (Benchmarks/README.md). Here each holder leases one connection and keeps it, so the pool
/// sees only long leases and starts no timers. A free connection is handed to a request directly,
/// and a released one goes straight to the next request waiting, without waking its holder. The
/// holder wakes only when its connection has closed (the database restarted, or a request's
/// deadline closed it): it gives it back and leases another, on the pool's own backoff.
///
/// Holding every connection open is what a pool with a minimum would do, but PostgresNIO 1.33.2
/// crashes on a lease while it replaces a minimum's failed connections (Benchmarks/README.md).
public final class ConnectionLender: Sendable {
    /// A connection a holder keeps leased, and how to wake the holder to give it back.
    private struct Held: Sendable {
        let connection: PostgresConnection
        let holder: CheckedContinuation<Void, Never>
    }

    private struct State {
        /// Requests waiting for a connection, first come first served.
        var waiting = CircularBuffer<ConnectionHandoff>()
        /// Connections leased by a holder and lent to nobody.
        var free: [Held] = []
        var stopped = false
    }

    private let state = Mutex(State())
    private let client: PostgresClient
    private let holders: Int

    /// `holders` connections are kept leased from `client`: its maximum, so that nothing else
    /// leases from it.
    public init(client: PostgresClient, holders: Int) {
        precondition(holders > 0, "a lender needs at least one holder")
        self.client = client
        self.holders = holders
    }

    /// Runs the holders until the task is cancelled; a connection lent out then is given back to
    /// the pool when its request is done.
    public func run() async {
        await withTaskCancellationHandler {
            await withDiscardingTaskGroup { group in
                for _ in 0..<holders {
                    group.addTask { await self.hold() }
                }
            }
        } onCancel: {
            stop()
        }
    }

    /// How many requests wait for a connection now (the tests wait on it).
    public var waiting: Int { state.withLock { $0.waiting.count } }

    /// Gives `handoff` a free connection, or queues it for the next one released.
    func lend(_ handoff: ConnectionHandoff) {
        while true {
            let free: Held? = state.withLock { state in
                // The most recently used connection first: its backend is the warmest.
                if let held = state.free.popLast() { return held }
                state.waiting.append(handoff)
                return nil
            }
            guard let held = free else { return }
            guard !held.connection.isClosed else {
                held.holder.resume()
                continue
            }
            if !handoff.deliver(held.connection, release: { self.giveBack(held) }) { giveBack(held) }
            return
        }
    }

    /// Takes `handoff` out of the queue once its wait has ended without a connection (refused or
    /// cancelled), so a long outage does not fill the queue with requests nobody waits for.
    func withdraw(_ handoff: ConnectionHandoff) {
        state.withLock { state in
            if let index = state.waiting.firstIndex(where: { $0 === handoff }) {
                state.waiting.remove(at: index)
            }
        }
    }

    private enum Next {
        case request(ConnectionHandoff)
        case parked
        case stopped
    }

    /// A connection is free again: it goes to the first request still waiting, or to the free
    /// list. A closed one, or any once the lender stops, goes back to its holder.
    private func giveBack(_ held: Held) {
        guard !held.connection.isClosed else { return held.holder.resume() }
        while true {
            let next: Next = state.withLock { state in
                if state.stopped { return .stopped }
                if let handoff = state.waiting.popFirst() { return .request(handoff) }
                state.free.append(held)
                return .parked
            }
            switch next {
            case .parked: return
            case .stopped: return held.holder.resume()
            case .request(let handoff):
                // A request that gave up meanwhile keeps no connection: on to the next.
                if handoff.deliver(held.connection, release: { self.giveBack(held) }) { return }
            }
        }
    }

    /// Leases a connection and lends it until it closes or the lender stops, then leases another.
    private func hold() async {
        while !state.withLock({ $0.stopped }) {
            do {
                try await client.withConnection { connection in
                    await withCheckedContinuation { (holder: CheckedContinuation<Void, Never>) in
                        giveBack(Held(connection: connection, holder: holder))
                    }
                }
            } catch {
                // The lease was cancelled (shutting down) or refused; the loop's condition
                // decides, after a pause that keeps a refusing pool from being asked in a tight loop.
                try? await Task.sleep(for: .milliseconds(100))
            }
        }
    }

    private func stop() {
        let free = state.withLock { state in
            state.stopped = true
            defer { state.free = [] }
            return state.free
        }
        for held in free { held.holder.resume() }
    }
}
