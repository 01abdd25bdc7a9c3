import Foundation
import Services

/// Runs a program for each message, with the message as JSON on its standard input.
///
/// The code never appears in the program's arguments or environment, which other users of the
/// machine can read in the process list. The program must finish within ten seconds.
struct CommandNotifier: Notifier {
    let words: [String]
    var timeout: Duration = .seconds(10)

    func send(_ notification: CodeNotification) async throws {
        // A program that exits without reading its input closes the pipe; writing to it must be
        // an error to report, not SIGPIPE ending the process. NIO ignores SIGPIPE once it has
        // opened a socket; this notifier does not rely on that.
        signal(SIGPIPE, SIG_IGN)
        let input = try OutgoingMessage(notification).json()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: words[0])
        process.arguments = Array(words.dropFirst())
        let stdin = Pipe()
        process.standardInput = stdin
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        let status: Int32 = try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { process in continuation.resume(returning: process.terminationStatus) }
            do {
                try process.run()
            } catch {
                process.terminationHandler = nil
                continuation.resume(throwing: error)
                return
            }
            let timeout = timeout
            Task {
                try? await Task.sleep(for: timeout)
                if process.isRunning { process.terminate() }
            }
            // A program that exits without reading its input makes this write fail: that is its
            // exit status's business, reported below.
            try? stdin.fileHandleForWriting.write(contentsOf: input)
            try? stdin.fileHandleForWriting.close()
        }
        guard status == 0 else { throw DeliveryFailed(description: "\(words[0]) exited with status \(status)") }
    }
}
