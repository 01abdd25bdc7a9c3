import App
import ArgumentParser
import Foundation

#if canImport(Glibc)
import Glibc
#endif

struct UsersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "users",
        abstract: "Manage people from the command line.",
        subcommands: [CreateAdminCommand.self]
    )
}

struct CreateAdminCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create-admin",
        abstract: "Create an administrator, or give an existing account the admin role.",
        discussion: """
            The password is read from a prompt, or from standard input when it is not a terminal
            (for example `printf '%s\\n' "$PASSWORD" | safeskills users create-admin ...`); never
            from the command line, where other users could see it.
            """
    )

    @OptionGroup var options: SettingsOptions

    @Option(help: "The administrator's email address or phone number, used to sign in.")
    var identifier: String

    @Option(help: "The name shown for the administrator.")
    var displayName = "Quản trị viên"

    func run() async throws {
        let settings = try options.settings(forServing: false)
        let logger = SafeSkills.bootstrapLogging(settings)
        let outcome = try await AdminAccounts.createOrPromote(
            identifier: identifier, displayName: displayName, password: Self.readPassword,
            settings: settings, logger: logger
        )
        switch outcome {
        case .created(let id): print("Created administrator \(id.uuidString.lowercased()).")
        case .promoted(let id): print("Account \(id.uuidString.lowercased()) already existed; it now has the admin role.")
        }
    }

    static func readPassword() throws -> String {
        if isatty(STDIN_FILENO) == 1 {
            guard let entered = getpass("Password for the new administrator: ") else { throw ValidationError("no password given") }
            return String(cString: entered)
        }
        guard let line = readLine(strippingNewline: true), !line.isEmpty else {
            throw ValidationError("no password on standard input")
        }
        return line
    }
}
