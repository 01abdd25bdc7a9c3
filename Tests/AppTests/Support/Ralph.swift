import App
import Foundation
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Ralph (`ralph-malph`), a real learning record store, on 127.0.0.1 with its file-system
/// backend, its own folder and its own credentials; `deploy/lib.sh` installs it.
struct Ralph: Sendable {
    let port: Int
    let folder: URL
    let username = "safeskills"
    let password = "ralph-test-\(UUID().uuidString.prefix(8))"

    /// Its folder and credentials, on a free port; nothing runs until `run`.
    init() throws {
        port = try freePort()
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("ralph-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        // Ralph's own command writes the Basic auth file (a bcrypt hash, an agent for authority).
        let auth = process(
            ["ralph", "auth", "-u", username, "-p", password, "-s", "all", "-A", "safeskills-test", "https://safeskills.test", "-w"]
        )
        try auth.run()
        auth.waitUntilExit()
        guard auth.terminationStatus == 0, FileManager.default.fileExists(atPath: folder.appendingPathComponent("auth.json").path) else {
            throw RalphFailed(description: "ralph auth exited with \(auth.terminationStatus)")
        }
    }

    struct RalphFailed: Error, CustomStringConvertible {
        var description: String
    }

    /// The setting that points the server at this Ralph.
    var setting: LRSSetting {
        LRSSetting(endpoint: URL(string: "http://127.0.0.1:\(port)/xAPI")!, username: username, password: password, batchSize: 20)
    }

    private func process(_ arguments: [String]) -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        process.currentDirectoryURL = folder  // its statements file (fs_lrs.jsonl) and any .env it reads
        var environment = ProcessInfo.processInfo.environment
        environment["RALPH_APP_DIR"] = folder.path
        environment["RALPH_AUTH_FILE"] = folder.appendingPathComponent("auth.json").path
        environment["RALPH_RUNSERVER_BACKEND"] = "fs"
        environment["RALPH_BACKENDS__LRS__FS__DEFAULT_DIRECTORY_PATH"] = folder.path
        process.environment = environment
        // Its own output: a child holding the test run's standard output would keep `swift test`
        // waiting after the last test.
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        return process
    }

    /// Ralph's LRS API server under uvicorn (one process, no reloader). Ralph 5.1's file-system
    /// backend creates its statements file on the first write and refuses every later one (its
    /// default write mode is "create"), so the launcher makes that backend append: everything
    /// else (the xAPI API, validation, duplicate ids, reads) is Ralph's own.
    static let launcher = """
        from ralph.backends.data.base import BaseOperationType
        from ralph.backends.lrs.fs import FSLRSBackend
        FSLRSBackend.default_operation_type = BaseOperationType.APPEND
        from sys import argv
        from uvicorn import run
        run("ralph.api:app", host="127.0.0.1", port=int(argv[1]), log_level="warning")
        """

    /// Runs the LRS server for the length of `body`, then kills and reaps it, whatever `body`
    /// did. Statements stay in the folder between runs.
    func run<Result>(_ body: () async throws -> Result) async throws -> Result {
        let server = process(["python3", "-c", Self.launcher, "\(port)"])
        try server.run()
        defer {
            kill(server.processIdentifier, SIGKILL)
            server.waitUntilExit()
        }
        // Python and Ralph's imports take seconds on a busy machine: up to a minute.
        for _ in 0..<600 {
            if (try? RawConnection(port: port)) != nil { break }
            guard server.isRunning else { throw RalphFailed(description: "Ralph's server exited with \(server.terminationStatus)") }
            try await Task.sleep(for: .milliseconds(100))
        }
        try await waitForPort(port)
        return try await body()
    }

    /// Every statement Ralph holds, through its xAPI API (GET /xAPI/statements, following `more`).
    func statements() async throws -> [[String: Any]] {
        var all: [[String: Any]] = []
        var next: String? = "/xAPI/statements?limit=100"
        while let path = next {
            let url = path.hasPrefix("http") ? URL(string: path)! : URL(string: "http://127.0.0.1:\(port)\(path)")!
            var request = URLRequest(url: url, timeoutInterval: 30)
            request.setValue("1.0.3", forHTTPHeaderField: "X-Experience-API-Version")
            request.setValue("Basic " + Data("\(username):\(password)".utf8).base64EncodedString(), forHTTPHeaderField: "Authorization")
            let (data, response) = try await URLSession.shared.data(for: request)
            #expect((response as? HTTPURLResponse)?.statusCode == 200)
            let page = try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
            all += page["statements"] as? [[String: Any]] ?? []
            next = (page["more"] as? String).flatMap { $0.isEmpty ? nil : $0 }
        }
        return all
    }

    func remove() {
        try? FileManager.default.removeItem(at: folder)
    }
}
