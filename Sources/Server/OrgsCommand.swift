import App
import ArgumentParser
import Domain
import Foundation
import Services

struct OrgsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "orgs",
        abstract: "Manage the organisation tree and its managers.",
        subcommands: [
            CreateOrganisationCommand.self, ImportOrganisationsCommand.self, ChangeOrganisationCommand.self, DeleteOrganisationCommand.self,
            AssignManagerCommand.self,
        ]
    )

    /// A service's refusal as one line per problem, for people at a terminal.
    static func message(_ refusal: Refusal) -> String {
        let problems = refusal.errors.map { "\($0.pointer.dropFirst()): \($0.message.en)" }
        return ([refusal.detail?.en].compactMap { $0 } + problems).joined(separator: "\n")
    }

    /// Runs a service step on the organisation `id`, its refusals told as terminal messages.
    static func onOrganisation<Result>(_ id: String, _ step: () async throws -> Result) async throws -> Result {
        do {
            return try await step()
        } catch let refusal as Refusal where refusal.kind == .notFound {
            throw ValidationError("No organisation \(id).")
        } catch let refusal as Refusal {
            throw ValidationError(message(refusal))
        }
    }
}

struct CreateOrganisationCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "create", abstract: "Add one organisation to the tree.")

    @OptionGroup var options: SettingsOptions

    @Option(help: "Its id: lowercase letters, digits and hyphens, such as so-tt-ha-noi.") var id: String
    @Option(help: "The id of the organisation above it; none for the national programme or a ministry.") var parent: String?
    @Option(help: "national-programme, ministry, province-department, agency, school, enterprise or association.") var kind: String
    @Option(help: "Its name in Vietnamese.") var nameVi: String
    @Option(help: "Its name in English.") var nameEn: String
    @Option(help: "A province code in force today (needed for province departments and schools).") var province: String?

    func run() async throws {
        let settings = try options.settings(forServing: false)
        let logger = SafeSkills.bootstrapLogging(settings)
        var form: [String: FormValue] = ["id": .string(id), "kind": .string(kind), "nameVi": .string(nameVi), "nameEn": .string(nameEn)]
        form["parentId"] = parent.map(FormValue.string)
        form["province"] = province.map(FormValue.string)
        let fields = form
        do {
            let organisation = try await SafeSkills.withServices(settings, logger: logger) { context in
                try await OrganisationService(context: context).create(fields)
            }
            print("Created \(organisation.id) (\(organisation.path.joined(separator: " > "))).")
        } catch let refusal as Refusal {
            throw ValidationError(OrgsCommand.message(refusal))
        }
    }
}

struct ChangeOrganisationCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "change",
        abstract: "Rename an organisation, change its kind or province, or move it with everything below it.",
        discussion: "Only the options given change. Recorded in the audit log as done from the command line."
    )

    @OptionGroup var options: SettingsOptions

    @Argument(help: "The organisation's id.") var id: String
    @Option(help: "The id of its new parent.") var parent: String?
    @Flag(help: "Move it to the top (the national programme and ministries only).") var top = false
    @Option(help: "Its new kind.") var kind: String?
    @Option(help: "Its new name in Vietnamese.") var nameVi: String?
    @Option(help: "Its new name in English.") var nameEn: String?
    @Option(help: "Its new province code.") var province: String?
    @Flag(help: "Clear its province.") var noProvince = false

    func run() async throws {
        guard !(top && parent != nil), !(noProvince && province != nil) else {
            throw ValidationError("Give either --parent or --top, and either --province or --no-province.")
        }
        let settings = try options.settings(forServing: false)
        let logger = SafeSkills.bootstrapLogging(settings)
        var form: [String: FormValue] = [:]
        form["parentId"] = top ? .null : parent.map(FormValue.string)
        form["province"] = noProvince ? .null : province.map(FormValue.string)
        form["kind"] = kind.map(FormValue.string)
        form["nameVi"] = nameVi.map(FormValue.string)
        form["nameEn"] = nameEn.map(FormValue.string)
        let (fields, id) = (form, id)
        let organisation = try await OrgsCommand.onOrganisation(id) {
            try await SafeSkills.withServices(settings, logger: logger) { context in
                try await OrganisationService(context: context).update(id, fields, by: OrganisationService.commandLine)
            }
        }
        print("Changed \(organisation.id) (\(organisation.path.joined(separator: " > "))).")
    }
}

struct DeleteOrganisationCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "delete",
        abstract: "Delete an organisation with nothing below it and no class that ever had a member.",
        discussion: "Its empty classes and its managers' assignments go with it. Recorded in the audit log."
    )

    @OptionGroup var options: SettingsOptions

    @Argument(help: "The organisation's id.") var id: String

    func run() async throws {
        let settings = try options.settings(forServing: false)
        let logger = SafeSkills.bootstrapLogging(settings)
        let id = id
        try await OrgsCommand.onOrganisation(id) {
            try await SafeSkills.withServices(settings, logger: logger) { context in
                try await OrganisationService(context: context).delete(id, by: OrganisationService.commandLine)
            }
        }
        print("Deleted \(id).")
    }
}

struct ImportOrganisationsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Add a tree of organisations from a CSV file, all or nothing.",
        discussion: """
            Columns: id,parent,kind,name_vi,name_en,province, a parent before its children. Every bad \
            line is printed as FILE:LINE; nothing is added unless the whole file is valid.
            """
    )

    @OptionGroup var options: SettingsOptions

    @Argument(help: "The CSV file (UTF-8).") var file: String

    func run() async throws {
        guard let data = FileManager.default.contents(atPath: file) else { throw ValidationError("Cannot read \(file).") }
        guard let text = String(data: data, encoding: .utf8) else { throw ValidationError("\(file) is not UTF-8 text.") }
        let settings = try options.settings(forServing: false)
        let logger = SafeSkills.bootstrapLogging(settings)
        switch try await SafeSkills.withServices(settings, logger: logger, { try await OrganisationService(context: $0).importTree(text) }) {
        case .imported(let count):
            print("Imported \(count) organisations.")
        case .refused(let errors):
            for error in errors {
                let column = error.column.map { " \($0):" } ?? ""
                FileHandle.standardError.write(Data("\(file):\(error.line):\(column) \(error.message.en)\n".utf8))
            }
            throw ExitCode(65)  // EX_DATAERR
        }
    }
}

struct AssignManagerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "assign-manager",
        abstract: "Make an account a manager of an organisation and everything below it."
    )

    @OptionGroup var options: SettingsOptions

    @Option(help: "The organisation's id.") var organisation: String
    @Option(help: "The account's email address or phone number.") var identifier: String

    func run() async throws {
        guard let contact = ContactIdentifier.parse(identifier) else {
            throw ValidationError("\(identifier) is not an email address or a Vietnamese mobile number")
        }
        let settings = try options.settings(forServing: false)
        let logger = SafeSkills.bootstrapLogging(settings)
        let organisation = organisation
        do {
            try await SafeSkills.withServices(settings, logger: logger) { context in
                guard let account = try await AdminService(context: context).findUser(contact) else {
                    throw ValidationError("No account has \(contact.value).")
                }
                try await OrganisationService(context: context).assignManager(
                    organisationID: organisation,
                    userID: account.id.uuidString,
                    by: OrganisationService.commandLine
                )
            }
            print("\(contact.value) now manages \(organisation).")
        } catch let refusal as Refusal where refusal.kind == .notFound {
            throw ValidationError("No organisation \(organisation).")
        }
    }
}
