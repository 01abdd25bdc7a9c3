import Foundation
import NIOCore
import NIOPosix

/// How many threads the process runs, and which run Swift concurrency: decided once, in `main`,
/// before anything has started a task, an event loop or a thread pool.
public enum ExecutionThreads {
    /// Gives NIO's event loops and its blocking pool (where passwords are hashed) one thread per
    /// processor the process may use, and runs every Swift task on the event loops.
    ///
    /// - The task that handles a request awaits each PostgreSQL answer, and the answer arrives on an
    ///   event loop. On Swift's own thread pool every statement costs two thread wake-ups and a hop
    ///   between threads; on the event loops it mostly continues where the answer arrived. Measured
    ///   on answer save (Benchmarks/README, "Threads"): a sixth less server CPU per save.
    /// - NIO counts the machine's processors, less a container's cpuset or CPU quota, but not the
    ///   process's CPU affinity. A server pinned to one core (`taskset`, systemd's `CPUAffinity`)
    ///   would otherwise run two event loops there, and two password hashes would share the core,
    ///   each taking twice as long (sign-in's p99 at 70% load was 53 to 293 ms).
    /// - Blocking work must not run on a task: it would hold an event loop and every connection on
    ///   it. Password hashing and course-pack reading run on `NIOThreadPool.singleton`.
    ///
    /// NIO's own environment variables (`NIO_SINGLETON_GROUP_LOOP_COUNT`,
    /// `NIO_SINGLETON_BLOCKING_POOL_THREAD_COUNT`) still decide where set.
    public static func configure() {
        let processors = usableProcessors
        let environment = ProcessInfo.processInfo.environment
        if environment["NIO_SINGLETON_GROUP_LOOP_COUNT"] == nil {
            NIOSingletons.groupLoopCountSuggestion = processors
        }
        if environment["NIO_SINGLETON_BLOCKING_POOL_THREAD_COUNT"] == nil {
            NIOSingletons.blockingPoolThreadCountSuggestion = processors
        }
        NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
    }

    /// The processors this process may run on: the fewer of NIO's count and the CPU affinity.
    static var usableProcessors: Int {
        let affinity = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)).flatMap(allowedProcessors(status:))
        return max(1, min(System.coreCount, affinity ?? .max))
    }

    /// The number of processors in the `Cpus_allowed_list` line of a `/proc/<pid>/status`
    /// document ("0-3,8" is five), or nil when it has none or cannot be read.
    static func allowedProcessors(status: String) -> Int? {
        guard let line = status.split(separator: "\n").first(where: { $0.hasPrefix("Cpus_allowed_list:") }) else { return nil }
        var count = 0
        for range in line.dropFirst("Cpus_allowed_list:".count).split(separator: ",") {
            let bounds = range.trimmingCharacters(in: .whitespaces).split(separator: "-").map { Int($0) }
            switch bounds.count {
            case 1:
                guard bounds[0] != nil else { return nil }
                count += 1
            case 2:
                guard let low = bounds[0], let high = bounds[1], low <= high else { return nil }
                count += high - low + 1
            default:
                return nil
            }
        }
        return count > 0 ? count : nil
    }
}
