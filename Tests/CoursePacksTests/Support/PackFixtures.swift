import CoursePacks
import Foundation

/// The packs the reader, the archive and the shipped-content checks all start from, read once.
enum PackFixtures {
    /// The repository's root, found from this file, so tests read Courses/ and Tests/Fixtures/
    /// wherever the checkout is.
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Tests/Fixtures/Packs/example-course: a valid pack with one question of every kind.
    static let example = try! PackFiles.read(folder: root.appendingPathComponent("Tests/Fixtures/Packs/example-course"))
}
