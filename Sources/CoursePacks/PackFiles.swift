import Crypto
import Domain
import Foundation

/// A pack's files in memory, by path relative to the pack's root (`pack.yaml`, `lessons/x.vi.md`).
///
/// Reading is separate from checking: the reader works on these bytes whether they came from a
/// folder or from an uploaded archive.
public struct PackFiles: Sendable, Equatable {
    public var files: [String: [UInt8]]

    public init(files: [String: [UInt8]]) {
        self.files = files
    }

    /// SHA-256 over every path and its bytes in path order: equal hashes, equal packs. The
    /// authors' notes (`PackReader.authorsNotes`) are left out: they are never imported, so
    /// editing them makes no new version.
    public var contentHash: [UInt8] {
        var hasher = SHA256()
        for path in files.keys.sorted() where !PackReader.authorsNotes.contains(path) {
            hasher.update(data: Data(path.utf8))
            hasher.update(data: [0])
            let bytes = files[path]!
            hasher.update(data: withUnsafeBytes(of: UInt64(bytes.count).bigEndian) { Array($0) })
            hasher.update(data: bytes)
        }
        return Array(hasher.finalize())
    }

    public func text(_ path: String) -> String? {
        files[path].flatMap { String(bytes: $0, encoding: .utf8) }
    }

    /// Reads a pack folder. Links and anything but plain files and folders are refused, so a pack
    /// cannot point outside itself.
    public static func read(folder: URL, limits: PackLimits = .default) throws -> PackFiles {
        let root = folder.standardizedFileURL.resolvingSymlinksInPath()
        var files: [String: [UInt8]] = [:]
        var total = 0
        guard
            let walker = FileManager.default.enumerator(
                at: root,
                includingPropertiesForKeys: [.isRegularFileKey, .isDirectoryKey, .isSymbolicLinkKey, .fileSizeKey]
            )
        else {
            throw PackIssue(file: folder.path, line: nil, message: "cannot read this folder")
        }
        for case let url as URL in walker {
            let values = try url.resourceValues(forKeys: [.isRegularFileKey, .isDirectoryKey, .isSymbolicLinkKey, .fileSizeKey])
            let path = String(url.standardizedFileURL.path.dropFirst(root.path.count + 1))
            if values.isSymbolicLink == true {
                throw PackIssue(file: path, line: nil, message: "links are not allowed in a pack")
            }
            if values.isDirectory == true { continue }
            guard values.isRegularFile == true else {
                throw PackIssue(file: path, line: nil, message: "only plain files are allowed in a pack")
            }
            if path.split(separator: "/").contains(where: { $0.hasPrefix(".") }) { continue }
            let size = values.fileSize ?? 0
            total += size
            if files.count >= limits.maxEntries || total > limits.maxUnpackedBytes || size > limits.maxFileBytes {
                throw PackIssue(file: path, line: nil, message: "the pack is larger than allowed (\(limits))")
            }
            files[path] = [UInt8](try Data(contentsOf: url))
        }
        return PackFiles(files: files)
    }
}

/// Bounds on what a pack may hold, checked before anything is unpacked or written.
public struct PackLimits: Sendable, CustomStringConvertible {
    public var maxArchiveBytes: Int
    public var maxUnpackedBytes: Int
    public var maxEntries: Int
    public var maxFileBytes: Int
    /// Largest unpacked-to-packed ratio for one entry: more means a decompression bomb.
    public var maxCompressionRatio: Int

    public static let `default` = PackLimits(
        maxArchiveBytes: 50 << 20,
        maxUnpackedBytes: 100 << 20,
        maxEntries: 2_000,
        maxFileBytes: 5 << 20,
        maxCompressionRatio: 100
    )

    public init(maxArchiveBytes: Int, maxUnpackedBytes: Int, maxEntries: Int, maxFileBytes: Int, maxCompressionRatio: Int) {
        self.maxArchiveBytes = maxArchiveBytes
        self.maxUnpackedBytes = maxUnpackedBytes
        self.maxEntries = maxEntries
        self.maxFileBytes = maxFileBytes
        self.maxCompressionRatio = maxCompressionRatio
    }

    public var description: String {
        "at most \(maxEntries) files, \(maxFileBytes >> 20) MiB a file, \(maxUnpackedBytes >> 20) MiB in all"
    }
}

extension PackFiles {
    /// The content type served for an asset name, or nil when that kind of file is not allowed.
    public static func assetType(_ name: String) -> String? {
        PackRules.assetType(name)
    }
}
