import App
import ArgumentParser

/// The one `safeskills` binary: serving and every maintenance task are its subcommands.
@main
struct SafeSkillsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "safeskills",
        abstract: "SafeSkills: cyber-safety courses, quizzes, certification and reach statistics.",
        subcommands: [
            ServeCommand.self, MigrateCommand.self, CoursesCommand.self, UsersCommand.self, KeysCommand.self, ReachCommand.self,
            ReferenceCommand.self, OrgsCommand.self,
        ]
    )

    static func main() async {
        // First, before any task or event loop has started (see ExecutionThreads).
        ExecutionThreads.configure()
        await main(nil)
    }
}
