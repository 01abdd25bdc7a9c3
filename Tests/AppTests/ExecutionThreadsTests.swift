import Foundation
import Testing

@testable import App

/// How many processors the server sizes its threads to.
struct ExecutionThreadsTests {
    @Test func allowedProcessorsAreCountedFromTheStatusLine() {
        let status = "Name:\tsafeskills\nCpus_allowed:\tf\nCpus_allowed_list:\t%@\nMems_allowed_list:\t0\n"
        let cases: [(String, Int?)] = [
            ("0", 1), ("1", 1), ("0-1", 2), ("0-3,8", 5), ("0-3,8-11,14", 9), ("2,4,6", 3),
            ("", nil), ("3-1", nil), ("0-x", nil), ("0-1-2", nil),
        ]
        for (list, expected) in cases {
            #expect(ExecutionThreads.allowedProcessors(status: status.replacingOccurrences(of: "%@", with: list)) == expected, "\(list)")
        }
        #expect(ExecutionThreads.allowedProcessors(status: "Name:\tsafeskills\n") == nil)
    }
}
