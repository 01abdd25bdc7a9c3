import NIOCore
import NIOPosix
import Synchronization

/// Runs each registered action once its deadline has passed, checking a few times a second.
///
/// Every database lease registers one or two deadlines (admission, then the request's), and almost
/// all are withdrawn long before they fire. A timer per deadline would cost a cross-thread wake-up
/// to schedule and another to cancel; here registering and withdrawing is a dictionary update
/// under a lock, and actions fire at most `period` late.
final class DeadlineSweeper: Sendable {
    typealias Token = Int

    private struct Entries {
        var next: Token = 0
        var actions: [Token: (deadline: NIODeadline, action: @Sendable () -> Void)] = [:]
    }

    private let entries = Mutex(Entries())
    let period: TimeAmount

    init(period: TimeAmount = .milliseconds(100), eventLoop: any EventLoop = MultiThreadedEventLoopGroup.singleton.any()) {
        self.period = period
        // The sweeper lives as long as the process (one per pool); the task holds it weakly so a
        // pool's sweeper stops with the pool.
        eventLoop.scheduleRepeatedTask(initialDelay: period, delay: period) { [weak self] task in
            guard let self else { return task.cancel() }
            self.sweep(now: .now())
        }
    }

    /// Runs `action` once `deadline` has passed, unless `withdraw` is called first.
    func register(_ deadline: NIODeadline, _ action: @escaping @Sendable () -> Void) -> Token {
        entries.withLock { entries in
            entries.next += 1
            entries.actions[entries.next] = (deadline, action)
            return entries.next
        }
    }

    func withdraw(_ token: Token) {
        _ = entries.withLock { $0.actions.removeValue(forKey: token) }
    }

    /// Runs, outside the lock, every action whose deadline is at or before `now`.
    func sweep(now: NIODeadline) {
        let due = entries.withLock { entries in
            let due = entries.actions.filter { $0.value.deadline <= now }
            for token in due.keys { entries.actions.removeValue(forKey: token) }
            return due.values.map(\.action)
        }
        for action in due { action() }
    }
}
