import NIOCore
import Synchronization
import Testing

@testable import Persistence

@Suite struct DeadlineSweeperTests {
    /// An action runs once, after its deadline, unless it was withdrawn first.
    @Test func dueActionsRunOnceAndWithdrawnOnesNever() {
        let sweeper = DeadlineSweeper(period: .hours(1))
        let ran = Mutex<[String]>([])
        let start = NIODeadline.now()
        _ = sweeper.register(start + .seconds(1)) { ran.withLock { $0.append("first") } }
        let withdrawn = sweeper.register(start + .seconds(1)) { ran.withLock { $0.append("withdrawn") } }
        _ = sweeper.register(start + .seconds(5)) { ran.withLock { $0.append("later") } }
        sweeper.withdraw(withdrawn)

        sweeper.sweep(now: start)
        #expect(ran.withLock { $0 }.isEmpty, "nothing is due yet")
        sweeper.sweep(now: start + .seconds(2))
        sweeper.sweep(now: start + .seconds(3))
        #expect(ran.withLock { $0 } == ["first"])
        sweeper.sweep(now: start + .seconds(5))
        #expect(ran.withLock { $0 } == ["first", "later"])
    }
}
