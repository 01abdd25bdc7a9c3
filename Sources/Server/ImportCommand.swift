import App
import ArgumentParser
import CoursePacks
import Foundation
import Persistence

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
        var failed = false
        for path in paths {
            let report = try await CourseImport.importPack(at: path, dryRun: dryRun, settings: settings, logger: logger)
            print(report.summary(path: path))
            if !report.issues.isEmpty { failed = true }
        }
        if failed { throw ExitCode.failure }
    }
}
