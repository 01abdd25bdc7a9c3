import PostgresNIO
import Synchronization

/// Passes a connection to the request that waits for it, and gives it back once the request is
/// done.
///
/// The user waits in `receive()`, which a timer may end first with `fail(_:)`, as may cancelling
/// the user's task; a connection offered after that stays with whoever offered it.
final class ConnectionHandoff: Sendable {
    private enum State {
        case waiting(user: CheckedContinuation<PostgresConnection, any Error>?)
        case delivered(PostgresConnection, release: @Sendable () -> Void)
        case failed(any Error)
        case released
    }

    private let state = Mutex<State>(.waiting(user: nil))

    /// Hands `connection` over; `release` runs once when the user is done with it. False when the
    /// wait had already ended: the connection stays with the caller and `release` never runs.
    func deliver(_ connection: PostgresConnection, release: @escaping @Sendable () -> Void) -> Bool {
        let user: CheckedContinuation<PostgresConnection, any Error>?? = state.withLock { state in
            guard case .waiting(let user) = state else { return .none }
            state = .delivered(connection, release: release)
            return .some(user)
        }
        guard case .some(let waiting) = user else { return false }
        waiting?.resume(returning: connection)
        return true
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
    /// holds while no connection is free.
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

    /// The user is done: the connection goes back to whoever delivered it.
    func release() {
        let release: (@Sendable () -> Void)? = state.withLock { state in
            guard case .delivered(_, let release) = state else { return nil }
            state = .released
            return release
        }
        release?()
    }
}
