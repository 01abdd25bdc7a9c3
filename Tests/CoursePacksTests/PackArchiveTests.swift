import CoursePacks
import Domain
import Foundation
import Testing
import ZIPFoundation

/// Archive attacks are refused from the archive's directory, before anything is extracted.
@Suite struct PackArchiveTests {
    /// A zip with the given entries; `ratioBomb` entries are highly compressible zeros.
    func zip(_ entries: [(path: String, data: Data, type: Entry.EntryType)], compress: Bool = true) throws -> Data {
        let archive = try Archive(data: Data(), accessMode: .create)
        for entry in entries {
            try archive.addEntry(
                with: entry.path,
                type: entry.type,
                uncompressedSize: Int64(entry.data.count),
                compressionMethod: compress ? .deflate : .none,
                provider: { position, size in entry.data.subdata(in: Int(position)..<Int(position) + size) }
            )
        }
        return try #require(archive.data)
    }

    func file(_ path: String, _ text: String = "x") -> (String, Data, Entry.EntryType) {
        (path, Data(text.utf8), .file)
    }

    func refusal(_ data: Data, limits: PackLimits = .default) -> PackIssue? {
        do {
            _ = try PackArchive.unpack(data, limits: limits)
            return nil
        } catch let issue as PackIssue {
            return issue
        } catch {
            return PackIssue(file: "?", line: nil, message: "\(error)")
        }
    }

    @Test func aZipOfThePackFolderUnpacksWithoutItsTopFolder() throws {
        let files = PackFixtures.example.files.map { ("example-course/\($0.key)", Data($0.value), Entry.EntryType.file) }
        let unpacked = try PackArchive.unpack(try zip(files), limits: .default)
        #expect(unpacked == PackFixtures.example)
    }

    @Test(arguments: ["../evil.yaml", "a/../../evil.yaml", "/etc/passwd", "a\\b.yaml", "C:evil", "./pack.yaml", "a//b"])
    func pathsOutsideThePackAreRefused(path: String) throws {
        let issue = try #require(refusal(try zip([file("pack.yaml"), file(path)])))
        #expect(issue.message.contains("unsafe path"))
    }

    @Test func linksAreRefused() throws {
        let issue = try #require(refusal(try zip([file("pack.yaml"), ("assets/link.png", Data("/etc/passwd".utf8), .symlink)])))
        #expect(issue.message.contains("links"))
    }

    @Test func duplicateNamesAreRefused() throws {
        let issue = try #require(refusal(try zip([file("pack.yaml"), file("lessons/a.vi.md"), file("Lessons/A.vi.md")])))
        #expect(issue.message.contains("twice"))
    }

    @Test func zipBombsAreRefusedByRatio() throws {
        let bomb = Data(count: 3 << 20)
        let issue = try #require(refusal(try zip([file("pack.yaml"), ("questions/big.yaml", bomb, .file)])))
        #expect(issue.message.contains("compressed more than"))
    }

    @Test func sizeAndCountLimitsAreChecked() throws {
        let small = PackLimits(maxArchiveBytes: 1 << 20, maxUnpackedBytes: 2_000, maxEntries: 3, maxFileBytes: 1_500, maxCompressionRatio: 100)
        let many = try zip((0..<5).map { file("f\($0).txt") })
        #expect(refusal(many, limits: small)?.message.contains("more than 3 entries") == true)
        let big = try zip([("a.txt", Data((0..<1_600).map { UInt8($0 % 251) }), .file)], compress: false)
        #expect(refusal(big, limits: small)?.message.contains("over") == true)
        let total = try zip(
            [("a.txt", Data((0..<1_200).map { UInt8($0 % 251) }), .file), ("b.txt", Data((0..<1_200).map { UInt8($0 % 241) }), .file)],
            compress: false
        )
        #expect(refusal(total, limits: small)?.message.contains("unpacks to more than") == true)
        #expect(refusal(Data(count: (1 << 20) + 1), limits: small)?.message.contains("archive is over") == true)
    }

    @Test func notAZipIsRefused() {
        #expect(refusal(Data("hello".utf8))?.message.contains("not a readable .zip") == true)
    }
}
