import App
import ArgumentParser

struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Apply the pending schema migrations, one transaction each, then exit."
    )

    @OptionGroup var options: SettingsOptions

    func run() async throws {
        let settings = try options.settings(forServing: false)
        let logger = SafeSkills.bootstrapLogging(settings)
        try await SafeSkills.prepareDatabase(settings, migrate: true, logger: logger)
    }
}
