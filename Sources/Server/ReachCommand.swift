import App
import ArgumentParser

struct ReachCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reach",
        abstract: "Maintain the reach figures.",
        subcommands: [RollUpCommand.self]
    )
}

struct RollUpCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "roll-up",
        abstract: "Roll reach up to the last whole month now (the server also does it every hour).",
        discussion: """
            Figures are exact with or without roll-ups; they only make breakdowns fast. Use --rebuild
            after anything changed past months: a backfill of first reach or a new province crosswalk.
            """
    )

    @OptionGroup var options: SettingsOptions

    @Flag(help: "Discard every rolled month and roll them up again.")
    var rebuild = false

    func run() async throws {
        let settings = try options.settings(forServing: false)
        let logger = SafeSkills.bootstrapLogging(settings)
        let through = try await ReachRollUp.run(settings, rebuild: rebuild, logger: logger)
        print("Reach rolled up through \(through).")
    }
}
