import Dispatch

/// Runs the tasks of the requests that do much work in Swift (statistics, reports, exports, the
/// dashboard) on threads of their own, so that work does not run on the event loops.
///
/// Every other task runs on the event loops (`ExecutionThreads`), one per core, in turn: a
/// statistics read decoding and encoding thousands of rows there would hold up every request of
/// the connections on its loop, refusals included. Under pool exhaustion, with every task on the
/// loops, CI's debug build answered 503s after 3.03 and 3.27 s, where the reliability rule allows
/// 3 s (the admission wait is 2 s); with these reads off the loops, 2.41 and 2.45 s on the same
/// kind of machine (Benchmarks/README, "Threads"). On threads of their own the kernel shares the
/// cores between them and the loops, as it did before the tasks moved onto the loops.
final class HeavyWorkExecutor: TaskExecutor {
    static let shared = HeavyWorkExecutor()

    private static let marker = DispatchSpecificKey<Bool>()
    /// libdispatch runs a concurrent queue's work on its own pool, about one thread a core.
    private let queue = DispatchQueue(label: "safeskills.heavy-work", attributes: .concurrent)

    private init() {
        queue.setSpecific(key: Self.marker, value: true)
    }

    /// True on one of this executor's threads.
    static var isCurrent: Bool { DispatchQueue.getSpecific(key: marker) == true }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        let executor = asUnownedTaskExecutor()
        queue.async { job.runSynchronously(on: executor) }
    }
}
