import Foundation

/// Reads a QR code the way a phone would see a printed one: the SVG rendered to a PNG by librsvg
/// (`rsvg-convert`), then decoded by ZBar (`zbarimg`), two independent programs. A missing tool
/// is an error naming the Debian package to install, so the round trip fails rather than passes
/// unchecked.
public enum ZBarDecoder {
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// The text ZBar reads from `svg`. The two programs run on a thread of their own: waiting
    /// for them on the test's own thread would hold one of the few threads that every test's
    /// server shares, and make the timing tests running beside it late.
    public static func decode(svg: String) async throws -> String {
        try await withCheckedThrowingContinuation { continuation in
            Thread { continuation.resume(with: Result { try decodeWaiting(svg: svg) }) }.start()
        }
    }

    private static func decodeWaiting(svg: String) throws -> String {
        let rsvg = try tool("rsvg-convert", package: "librsvg2-bin")
        let zbarimg = try tool("zbarimg", package: "zbar-tools")
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("qrcode-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let svgFile = folder.appendingPathComponent("code.svg")
        let pngFile = folder.appendingPathComponent("code.png")
        try Data(svg.utf8).write(to: svgFile)

        _ = try run(rsvg, ["--format=png", "--output", pngFile.path, svgFile.path])
        // --raw: the decoded bytes alone, no "QR-Code:" prefix; -q: no statistics. zbarimg
        // ends the text with a newline of its own.
        var output = try run(zbarimg, ["--raw", "-q", pngFile.path])
        if output.last == 0x0A { output.removeLast() }
        guard let text = String(data: output, encoding: .utf8) else {
            throw Failure(description: "zbarimg returned bytes that are not UTF-8: \(Array(output))")
        }
        return text
    }

    /// The tool's path on PATH, or an error saying which package brings it.
    private static func tool(_ name: String, package: String) throws -> String {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for folder in path.split(separator: ":") {
            let candidate = "\(folder)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        throw Failure(description: "\(name) is not installed: install Debian's \(package) (apt-get install -y \(package)); deploy/test does")
    }

    /// Runs the tool and returns its standard output; a non-zero exit is an error with its output.
    private static func run(_ executable: String, _ arguments: [String]) throws -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        let errorData = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let message = String(decoding: errorData + outputData, as: UTF8.self)
            throw Failure(description: "\(executable) \(arguments.joined(separator: " ")) exited \(process.terminationStatus): \(message)")
        }
        return outputData
    }
}
