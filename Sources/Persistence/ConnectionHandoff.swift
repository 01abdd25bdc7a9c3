import PostgresNIO
import Synchronization

/// Passes a leased connection from the task that holds the lease to the task that uses it, and
/// tells the holder when to give it back.
///
/// The user waits in `receive()`, which a timer may end first with `fail(_:)`, as may cancelling
/// the user's task; a connection delivered after that is given back at once. Each side resumes the
/// other exactly once.
final class ConnectionHandoff: Sendable {
    private enum State {
        case waiting(user: CheckedContinuation<PostgresConnection, any Error>?)
        case delivered(PostgresConnection, holder: CheckedContinuation<Void, Never>?)
        case failed(any Error)
        case released
    }

    private let state = Mutex<State>(.waiting(user: nil))

    /// The holder's side: hands `connection` over and returns when the user releases it (at once
    /// when the user already gave up).
    func deliver(_ connection: PostgresConnection) async {
        await withCheckedContinuation { (holder: CheckedContinuation<Void, Never>) in
            let user: CheckedContinuation<PostgresConnection, any Error>?? = state.withLock { state in
                switch state {
                case .waiting(let user):
                    state = .delivered(connection, holder: holder)
                    return .some(user)
                case .failed, .released, .delivered:
                    return .none
                }
            }
            switch user {
            case .some(let waiting): waiting?.resume(returning: connection)
            case .none: holder.resume()
            }
        }
    }

    /// Ends the user's wait with `error` unless a connection was delivered already.
    func fail(_ error: any Error) {
        let user: CheckedContinuation<PostgresConnection, any Error>? = state.withLock { state in
            guard case .waiting(let user) = state else { return nil }
            state = .failed(error)
            return user
        }
        user?.resume(throwing: error)
    }

    /// The user's side: the connection, or the error that ended the wait. Cancelling the user's
    /// task ends the wait with `CancellationError`, so a caller's time limit (the readiness probe's)
    /// holds while the pool has no connection to give.
    func receive() async throws -> PostgresConnection {
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (user: CheckedContinuation<PostgresConnection, any Error>) in
                let ready: Result<PostgresConnection, any Error>? = state.withLock { state in
                    switch state {
                    case .waiting:
                        state = .waiting(user: user)
                        return nil
                    case .delivered(let connection, _): return .success(connection)
                    case .failed(let error): return .failure(error)
                    case .released: return .failure(CancellationError())
                    }
                }
                if let ready { user.resume(with: ready) }
            }
        } onCancel: {
            fail(CancellationError())
        }
    }

    /// The user is done: the holder gives the connection back to the pool.
    func release() {
        let holder: CheckedContinuation<Void, Never>? = state.withLock { state in
            guard case .delivered(_, let holder) = state else { return nil }
            state = .released
            return holder
        }
        holder?.resume()
    }
}
