import App
import ArgumentParser
import Domain
import Foundation
import PasswordHashing
import Services

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
        guard let contact = ContactIdentifier.parse(identifier) else {
            throw ValidationError("\(identifier) is not an email address or a Vietnamese mobile number")
        }
        let displayName = displayName
        let policy = PasswordPolicy(commonPasswords: try CommonPasswords.load())
        let hasher = SafeSkills.passwordHasher(settings, maxOutstanding: 1)
        let outcome: AdminService.AdminOutcome
        do {
            outcome = try await SafeSkills.withServices(settings, logger: logger) { context in
                try await AdminService(context: context).createOrPromoteAdmin(
                    contact,
                    displayName: displayName,
                    password: Self.readPassword,
                    hasher: hasher,
                    policy: policy
                )
            }
        } catch let refusal as Refusal {
            throw ValidationError(refusal.errors.map(\.message.en).joined(separator: " "))
        }
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
