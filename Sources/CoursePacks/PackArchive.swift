import Domain
import Foundation
import ZIPFoundation

/// Unpacks an uploaded .zip pack into memory, after checking the whole archive.
///
/// Sizes, counts, compression ratios and paths are checked from the archive's directory before a
/// single entry is extracted, and extraction stops at the declared size, so neither a zip bomb
/// nor a path like `../../etc/passwd` gets anywhere. Nothing is extracted to disk.
public enum PackArchive {
    public static func unpack(_ data: Data, limits: PackLimits) throws -> PackFiles {
        try unpack(size: data.count, limits: limits) { try Archive(data: data, accessMode: .read) }
    }

    /// Unpacks an archive an upload was streamed into, without reading the whole file into memory.
    public static func unpack(contentsOf url: URL, limits: PackLimits) throws -> PackFiles {
        let size = (try? FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int) ?? 0
        return try unpack(size: size, limits: limits) { try Archive(url: url, accessMode: .read) }
    }

    private static func unpack(size: Int, limits: PackLimits, open: () throws -> Archive) throws -> PackFiles {
        guard size <= limits.maxArchiveBytes else {
            throw refuse("the archive is over \(limits.maxArchiveBytes >> 20) MiB")
        }
        let archive: Archive
        do {
            archive = try open()
        } catch {
            throw refuse("not a readable .zip archive")
        }
        return try unpack(archive, limits: limits)
    }

    private static func refuse(_ message: String, _ path: String = "archive") -> PackIssue {
        PackIssue(file: path, line: nil, message: message)
    }

    private static func unpack(_ archive: Archive, limits: PackLimits) throws -> PackFiles {
        var entries: [(path: String, entry: Entry)] = []
        var seen: Set<String> = []
        var total: UInt64 = 0
        for entry in archive {
            let path = entry.path
            guard entries.count < limits.maxEntries else { throw refuse("the archive has more than \(limits.maxEntries) entries") }
            switch entry.type {
            case .symlink: throw refuse("links are not allowed in a pack", path)
            case .directory: continue
            case .file: break
            }
            guard isSafe(path) else { throw refuse("unsafe path: only relative paths inside the pack are allowed", path) }
            guard seen.insert(path.lowercased()).inserted else { throw refuse("the archive holds this name twice", path) }
            guard entry.uncompressedSize <= UInt64(limits.maxFileBytes) else {
                throw refuse("the file is over \(limits.maxFileBytes >> 20) MiB", path)
            }
            if entry.uncompressedSize > 0,
                entry.compressedSize == 0
                    || entry.uncompressedSize / max(entry.compressedSize, 1) > UInt64(limits.maxCompressionRatio)
            {
                throw refuse("the file is compressed more than \(limits.maxCompressionRatio) to 1, as a zip bomb is", path)
            }
            total += entry.uncompressedSize
            guard total <= UInt64(limits.maxUnpackedBytes) else {
                throw refuse("the archive unpacks to more than \(limits.maxUnpackedBytes >> 20) MiB")
            }
            entries.append((path, entry))
        }

        // A zip of the pack's folder holds everything under one top folder; strip it.
        let prefix = commonTopFolder(entries.map(\.path))
        var files: [String: [UInt8]] = [:]
        for (path, entry) in entries {
            var bytes: [UInt8] = []
            bytes.reserveCapacity(Int(entry.uncompressedSize))
            do {
                _ = try archive.extract(entry, skipCRC32: false) { chunk in
                    guard bytes.count + chunk.count <= Int(entry.uncompressedSize) else {
                        throw refuse("the file is larger than the archive says", path)
                    }
                    bytes.append(contentsOf: chunk)
                }
            } catch let issue as PackIssue {
                throw issue
            } catch {
                throw refuse("the file could not be extracted (damaged archive)", path)
            }
            files[String(path.dropFirst(prefix.count))] = bytes
        }
        return PackFiles(files: files)
    }

    static func isSafe(_ path: String) -> Bool {
        guard !path.isEmpty, !path.hasPrefix("/"), !path.contains("\\"), !path.contains(":"), !path.contains("\0") else { return false }
        return path.split(separator: "/", omittingEmptySubsequences: false).allSatisfy { !$0.isEmpty && $0 != "." && $0 != ".." }
    }

    /// "folder/" when every path starts with the same folder and pack.yaml is not at the root.
    static func commonTopFolder(_ paths: [String]) -> String {
        guard !paths.contains("pack.yaml"), let first = paths.first, let slash = first.firstIndex(of: "/") else { return "" }
        let top = String(first[...slash])
        return paths.allSatisfy { $0.hasPrefix(top) } ? top : ""
    }
}
