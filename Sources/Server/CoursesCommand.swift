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
        subcommands: [ValidateCommand.self, ImportCommand.self]
    )
}

struct ValidateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check packs without touching any database; prints every problem with its file and line."
    )

    @Argument(help: "Pack folders or .zip files.")
    var paths: [String]

    func run() async throws {
        var failed = false
        for path in paths {
            let result: PackReader.Result
            do {
                result = PackReader.read(try PackLoading.files(at: path))
            } catch let issue as PackIssue {
                print("\(path): \(issue)")
                failed = true
                continue
            }
            if let pack = result.pack {
                print(
                    "\(path): valid \(pack.kind.rawValue) \(pack.id) \(pack.version): \(pack.lessons.count) lessons, \(pack.quizzes.count) quizzes, \(pack.questions.count) questions"
                )
            } else {
                failed = true
                for issue in result.issues { print("\(path)/\(issue)") }
                print("\(path): \(result.issues.count) problem\(result.issues.count == 1 ? "" : "s")")
            }
        }
        if failed { throw ExitCode.failure }
    }
}
