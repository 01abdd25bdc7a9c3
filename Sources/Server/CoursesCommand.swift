import App
import ArgumentParser
import CoursePacks
import Domain
import Foundation
import Services

struct CoursesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "courses",
        abstract: "Check and import course packs (see Courses/README.md).",
        subcommands: [ValidateCommand.self, ImportCommand.self, ConvertCommand.self, ExportCommand.self]
    )
}

struct ValidateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check packs without touching any database; prints every problem and warning with its file and line.",
        discussion: """
            Fails on any problem. Warnings (the item-writing rules in a course pack) fail only with --strict. \
            Paths that are not packs (no pack.yaml and not a .zip, such as Courses/README.md or Courses/drawings) \
            are skipped with a note, so `safeskills courses validate Courses/*` checks the shipped folder.
            """
    )

    @Flag(help: "Fail on warnings too (deploy/test validates the shipped packs this way).")
    var strict = false

    @Argument(help: "Pack folders or .zip files.")
    var paths: [String]

    func run() async throws {
        var failed = false
        for path in paths {
            if let reason = Self.notAPack(path) {
                print("\(path): skipped, not a pack (\(reason))")
                continue
            }
            let result: PackReader.Result
            do {
                result = PackReader.read(try PackLoading.files(at: path))
            } catch let issue as PackIssue {
                print("\(path): \(issue)")
                failed = true
                continue
            }
            for warning in result.warnings { print("\(path)/\(warning.file)\(warning.line.map { ":\($0)" } ?? ""): warning: \(warning.message)") }
            let warnings = result.warnings.isEmpty ? "" : ", \(result.warnings.count) warning\(result.warnings.count == 1 ? "" : "s")"
            if strict, !result.warnings.isEmpty { failed = true }
            if let pack = result.pack {
                print(
                    "\(path): valid \(pack.kind.rawValue) \(pack.id) \(pack.version): \(pack.lessons.count) lessons, \(pack.quizzes.count) quizzes, \(pack.questions.count) questions\(warnings)"
                )
            } else {
                failed = true
                for issue in result.issues { print("\(path)/\(issue)") }
                print("\(path): \(result.issues.count) problem\(result.issues.count == 1 ? "" : "s")\(warnings)")
            }
        }
        if failed { throw ExitCode.failure }
    }

    /// Why `path` is not a pack, or nil when it is one (a folder with pack.yaml, or a .zip). A
    /// path that does not exist is left to the reader, which reports it as a problem.
    static func notAPack(_ path: String) -> String? {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else { return nil }
        if isFolder.boolValue {
            return FileManager.default.fileExists(atPath: "\(path)/pack.yaml") ? nil : "a folder without pack.yaml"
        }
        return path.lowercased().hasSuffix(".zip") ? nil : "a file that is not a .zip"
    }
}
