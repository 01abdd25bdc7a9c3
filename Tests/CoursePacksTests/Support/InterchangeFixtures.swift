import CoursePacks
import Domain
import Foundation
import ZIPFoundation

/// Tests/Fixtures/Interchange: GIFT files, QTI items and the folders of two QTI content packages.
enum InterchangeFixtures {
    static let folder = PackFixtures.root.appendingPathComponent("Tests/Fixtures/Interchange")

    static func data(_ name: String) throws -> Data {
        try Data(contentsOf: folder.appendingPathComponent(name))
    }

    static func text(_ name: String) throws -> String {
        String(decoding: try data(name), as: UTF8.self)
    }

    /// A QTI content package: the fixture folder `name` zipped, as an authoring tool exports it.
    static func package(_ name: String) throws -> Data {
        let root = folder.appendingPathComponent(name)
        let archive = try Archive(data: Data(), accessMode: .create)
        let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey])
        var paths: [String] = []
        while let url = walker?.nextObject() as? URL {
            if (try url.resourceValues(forKeys: [.isRegularFileKey])).isRegularFile == true {
                paths.append(String(url.standardizedFileURL.path.dropFirst(root.standardizedFileURL.path.count + 1)))
            }
        }
        for path in paths.sorted() {
            let bytes = try Data(contentsOf: root.appendingPathComponent(path))
            try archive.addEntry(
                with: path,
                type: .file,
                uncompressedSize: Int64(bytes.count),
                compressionMethod: .deflate,
                provider: { position, size in bytes.subdata(in: Int(position)..<Int(position) + size) }
            )
        }
        return archive.data ?? Data()
    }

    /// The example pack with `yaml` added as questions/converted.yaml, read by the pack reader.
    static func examplePack(with yaml: String) -> PackReader.Result {
        var files = PackFixtures.example
        files.files["questions/converted.yaml"] = Array(yaml.utf8)
        return PackReader.read(files)
    }

    /// The 1-based line of the first line of `name` that contains `text`.
    static func line(of text: String, in name: String) throws -> Int? {
        try self.text(name).split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.contains(text) }.map { $0 + 1 }
    }
}
