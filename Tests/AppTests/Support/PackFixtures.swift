import CoursePacks
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import ZIPFoundation

/// Course packs as an administrator sends them: the example pack, zipped and uploaded. Many suites
/// need a course in the catalogue first, so the packs live here rather than in any one suite.
enum PackFixtures {
    /// The repository's root, found from this file, so tests read the shipped courses and fixture
    /// packs wherever the checkout is.
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Tests/Fixtures/Packs/example-course: one question of every kind, read once for the whole run.
    static let example = try! PackFiles.read(folder: root.appendingPathComponent("Tests/Fixtures/Packs/example-course"))

    /// `files` as the zip an administrator uploads, entries in path order so equal packs zip alike.
    static func zip(_ files: PackFiles) throws -> ByteBuffer {
        let archive = try Archive(data: Data(), accessMode: .create)
        for (path, bytes) in files.files.sorted(by: { $0.key < $1.key }) {
            let data = Data(bytes)
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate) { position, size in
                data.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        return ByteBuffer(bytes: archive.data!)
    }

    /// Uploads a zipped pack as `session`; a dry run reports what would change and writes nothing.
    static func upload(_ client: some TestClientProtocol, _ session: Session, _ body: ByteBuffer, dryRun: Bool = false) async throws -> TestResponse {
        var headers = bearer(session.accessToken)
        headers[.contentType] = "application/zip"
        return try await client.execute(uri: "/v1/admin/course-packs\(dryRun ? "?dryRun=true" : "")", method: .post, headers: headers, body: body)
    }
}
