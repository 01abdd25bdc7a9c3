import App
import ArgumentParser
import Domain
import Foundation
import Services

struct ReferenceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reference",
        abstract: "Show or replace the reference data reach is judged against.",
        discussion: "Tables: \(ReferenceTable.allCases.map(\.rawValue).joined(separator: ", ")). The CSV format is the one `show` prints.",
        subcommands: [ShowReferenceCommand.self, ReplaceReferenceCommand.self]
    )
}

extension ReferenceTable: ExpressibleByArgument {}

struct ShowReferenceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Print a reference table as CSV.")

    @OptionGroup var options: SettingsOptions

    @Argument(help: "internet-users, targets, provinces or province-crosswalk.")
    var table: ReferenceTable

    func run() async throws {
        let settings = try options.settings(forServing: false)
        let logger = SafeSkills.bootstrapLogging(settings)
        let table = table
        print(try await SafeSkills.withServices(settings, logger: logger) { try await ReferenceData(context: $0).csv(table) }, terminator: "")
    }
}

struct ReplaceReferenceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replace",
        abstract: "Replace a reference table from a CSV file, all or nothing.",
        discussion: "Every bad line is printed as FILE:LINE; nothing changes unless the whole file is valid. Reach roll-ups are rebuilt with it."
    )

    @OptionGroup var options: SettingsOptions

    @Argument(help: "internet-users, targets, provinces or province-crosswalk.")
    var table: ReferenceTable

    @Argument(help: "The CSV file (UTF-8).")
    var file: String

    func run() async throws {
        guard let data = FileManager.default.contents(atPath: file) else {
            throw ValidationError("Cannot read \(file).")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ValidationError("\(file) is not UTF-8 text.")
        }
        let settings = try options.settings(forServing: false)
        let logger = SafeSkills.bootstrapLogging(settings)
        let table = table
        switch try await SafeSkills.withServices(settings, logger: logger, { try await ReferenceData(context: $0).replace(table, text: text) }) {
        case .replaced(let rows):
            print("Replaced \(table.rawValue): \(rows) rows.")
        case .refused(let errors):
            for error in errors {
                let column = error.column.map { " \($0):" } ?? ""
                FileHandle.standardError.write(Data("\(file):\(error.line):\(column) \(error.message.en)\n".utf8))
            }
            throw ExitCode(65)  // EX_DATAERR
        }
    }
}
