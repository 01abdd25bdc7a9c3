import App
import ArgumentParser

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the HTTP API until SIGTERM or SIGINT; in-flight requests finish first."
    )

    @OptionGroup var options: SettingsOptions

    @Flag(help: "Apply pending migrations before serving, instead of refusing to start.")
    var migrate = false

    func run() async throws {
        let settings = try options.settings(forServing: true)
        let logger = SafeSkills.bootstrapLogging(settings)
        try await SafeSkills.prepareDatabase(settings, migrate: migrate, logger: logger)
        try await SafeSkills.importShippedCourses(settings, logger: logger)
        try await SafeSkills.serve(settings: settings, logger: logger)
    }
}
