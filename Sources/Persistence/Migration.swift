import Crypto
import Foundation
import Migrations

/// One forward-only schema change: a numbered SQL file such as `0001_foundation.sql`.
public struct Migration: Sendable, Equatable {
    public var version: Int
    public var name: String
    public var fileName: String
    public var sql: String
    /// SHA-256 of the file's bytes, hex: an applied migration whose file changes is refused.
    public var checksum: String

    public init(fileName: String, contents: Data) throws {
        let pattern = /^(\d{4})_([a-z0-9_]+)\.sql$/
        guard let match = fileName.wholeMatch(of: pattern), let version = Int(match.1) else {
            throw MigrationError.badFileName(fileName)
        }
        guard let sql = String(data: contents, encoding: .utf8) else {
            throw MigrationError.notUTF8(fileName)
        }
        self.version = version
        self.name = String(match.2)
        self.fileName = fileName
        self.sql = sql
        self.checksum = SHA256.hash(data: contents).map { String(format: "%02x", $0) }.joined()
    }

    /// The migrations that ship with this build: the top-level `Migrations/sql` folder, bundled by the `Migrations` target.
    public static func bundled() throws -> [Migration] {
        guard let directory = MigrationFiles.folder else {
            throw MigrationError.missingDirectory("the bundled Migrations/sql folder")
        }
        return try load(from: directory)
    }

    /// Every `*.sql` file in `directory`, in version order; any other file is an error, not skipped.
    public static func load(from directory: URL) throws -> [Migration] {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        } catch {
            throw MigrationError.missingDirectory(directory.path)
        }
        let migrations = try names.sorted().map { name in
            try Migration(fileName: name, contents: Data(contentsOf: directory.appendingPathComponent(name)))
        }
        var seen: [Int: String] = [:]
        for migration in migrations {
            if let other = seen[migration.version] {
                throw MigrationError.duplicateVersion(other, migration.fileName)
            }
            seen[migration.version] = migration.fileName
        }
        return migrations
    }
}

public enum MigrationError: Error, Equatable, CustomStringConvertible {
    case badFileName(String)
    case notUTF8(String)
    case missingDirectory(String)
    case duplicateVersion(String, String)
    case altered(String)
    case unknownApplied(version: Int, name: String)
    case pending([String])
    case statementFailed(file: String, line: Int, message: String)
    case unreadable(file: String, reason: String)

    public var description: String {
        switch self {
        case .badFileName(let name):
            "migration file \(name) is not named NNNN_name.sql (four digits, lower-case letters, digits and _)"
        case .notUTF8(let name): "migration file \(name) is not UTF-8 text"
        case .missingDirectory(let path): "cannot read migrations from \(path)"
        case .duplicateVersion(let a, let b): "migration files \(a) and \(b) share a version number"
        case .altered(let name):
            "migration \(name) was changed after it was applied; restore the file and add a new migration instead"
        case .unknownApplied(let version, let name):
            "the database has migration \(String(format: "%04d", version))_\(name), which this build does not know; run a newer build"
        case .pending(let names):
            "the database has pending migrations (\(names.joined(separator: ", "))); run `safeskills migrate` or start with --migrate"
        case .statementFailed(let file, let line, let message):
            "\(file):\(line): \(message)"
        case .unreadable(let file, let reason): "\(file): \(reason)"
        }
    }
}
