import App
import ArgumentParser
import CoursePacks
import Domain
import Foundation
import Persistence
import Services

struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import packs into the database, each in one transaction; prints what is new, changed and retired."
    )

    @OptionGroup var options: SettingsOptions

    @Flag(help: "Report what would change without changing anything.")
    var dryRun = false

    @Argument(help: "Pack folders or .zip files.")
    var paths: [String]

    func run() async throws {
        let settings = try options.settings(forServing: false)
        let logger = SafeSkills.bootstrapLogging(settings)
        let (paths, dryRun) = (paths, dryRun)
        let failed = try await SafeSkills.withServices(settings, logger: logger) { context in
            var failed = false
            for path in paths {
                let report = try await CoursePackService(context: context).importPack(at: path, dryRun: dryRun)
                print(report.summary(path: path))
                if !report.issues.isEmpty { failed = true }
            }
            return failed
        }
        if failed { throw ExitCode.failure }
    }
}
