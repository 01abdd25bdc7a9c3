import Foundation
import OpenAPIRuntime

/// Streams an upload into a temporary file, so a large pack never sits whole in memory.
///
/// The limit is enforced as chunks arrive: the write stops at the first byte over it. The file is
/// removed when `body` returns or throws.
enum UploadFile {
    static func withContents<Result>(
        of upload: HTTPBody,
        upTo limit: Int,
        _ body: (URL) async throws -> Result
    ) async throws -> Result {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("safeskills-upload-\(UUID().uuidString)")
        guard FileManager.default.createFile(atPath: url.path, contents: nil, attributes: [.posixPermissions: 0o600]) else {
            throw CocoaError(.fileWriteUnknown)
        }
        defer { try? FileManager.default.removeItem(at: url) }
        let handle = try FileHandle(forWritingTo: url)
        do {
            var written = 0
            for try await chunk in upload {
                written += chunk.count
                guard written <= limit else { throw Problem(.payloadTooLarge) }
                try handle.write(contentsOf: chunk)
            }
            try handle.close()
        } catch {
            try? handle.close()
            throw error
        }
        return try await body(url)
    }
}
