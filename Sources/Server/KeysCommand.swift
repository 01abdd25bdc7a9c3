import ArgumentParser
import Credentials
import Foundation

struct KeysCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys",
        abstract: "Manage the key that signs certificates.",
        subcommands: [GenerateKeyCommand.self]
    )
}

struct GenerateKeyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Write a new Ed25519 signing key to a file (mode 600).",
        discussion: """
            To rotate, point SIGNING_KEY_FILE at the new file and add the old one to
            PREVIOUS_SIGNING_KEY_FILES: certificates it signed keep verifying (its public key stays in
            the JWKS) and it keeps signing their status list.
            """
    )

    @Option(help: "Where to write the key; an existing file is never overwritten.")
    var output: String

    func run() async throws {
        guard !FileManager.default.fileExists(atPath: output) else {
            throw ValidationError("\(output) already exists; choose another file")
        }
        let key = SigningKey.generate(now: Date())
        let created = FileManager.default.createFile(atPath: output, contents: try key.fileContents(), attributes: [.posixPermissions: 0o600])
        guard created else { throw ValidationError("cannot write \(output)") }
        print("Wrote signing key \(key.kid) to \(output).")
    }
}
