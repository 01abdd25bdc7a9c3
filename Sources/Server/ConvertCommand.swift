import ArgumentParser
import CoursePacks
import Domain
import Foundation
import Services

extension BankConversion.Format: ExpressibleByArgument {}

/// `vi` or `en`, for the options of convert and export.
private func parseLanguage(_ text: String) throws -> Language {
    guard let language = Language(rawValue: text) else { throw ValidationError("--language is vi or en, not \(text).") }
    return language
}

private func standardError(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
}

private func contents(_ path: String) throws -> Data {
    guard let data = FileManager.default.contents(atPath: path) else { throw ValidationError("Cannot read \(path).") }
    return data
}

struct ConvertCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "convert",
        abstract: "Convert GIFT or QTI 3.0 questions into a question bank file (questions/NAME.yaml of a pack).",
        discussion: """
            GIFT: single, multiple, true/false, matching and short answer questions, with categories and \
            general feedback. QTI 3.0: an item's XML or a content package (.zip with imsmanifest.xml), with \
            choice, order, match and text entry interactions. A file holds one language (--language); give the \
            same questions in the other language with --translation, matched by id. Everything not carried \
            over, and every blank left to write, is printed with its file and line.
            """
    )

    @Argument(help: "gift or qti.")
    var format: BankConversion.Format

    @Argument(help: "The GIFT file, QTI item (.xml) or QTI content package (.zip).")
    var file: String

    @Option(help: "The language FILE is written in: vi or en.")
    var language = "vi"

    @Option(help: "The same questions in the other language (GIFT or QTI), merged by question id.")
    var translation: String?

    @Option(help: "The competency (4.1 to 4.4) of questions whose source does not say.")
    var competency: String?

    @Option(help: "The difficulty (easy, medium, hard) of questions whose source does not say.")
    var difficulty: String?

    @Option(help: "Where to write the bank (a .yaml file); standard output when not given.")
    var output: String?

    func validate() throws {
        _ = try parseLanguage(language)
        if let competency, !["4.1", "4.2", "4.3", "4.4"].contains(competency) {
            throw ValidationError("--competency is 4.1, 4.2, 4.3 or 4.4, not \(competency).")
        }
        if let difficulty, Question.Difficulty(rawValue: difficulty) == nil {
            throw ValidationError("--difficulty is easy, medium or hard, not \(difficulty).")
        }
    }

    func run() async throws {
        let defaults = ConversionDefaults(
            language: try parseLanguage(language),
            competency: competency,
            difficulty: difficulty.flatMap(Question.Difficulty.init(rawValue:))
        )
        let source = BankConversion.Source(data: try contents(file), file: file, format: format)
        let other = try translation.map {
            let data = try contents($0)
            return BankConversion.Source(data: data, file: $0, format: BankConversion.Format.guess(data))
        }
        let bank = BankConversion.convert(source, translation: other, defaults: defaults)
        for issue in bank.issues { standardError(issue.description) }
        // A bank of no question is no bank: nothing is written then.
        let written = bank.questions.isEmpty ? nil : output
        if !bank.questions.isEmpty {
            let yaml = BankConversion.yaml(bank, from: [file] + (translation.map { [$0] } ?? []))
            if let output {
                try Data(yaml.utf8).write(to: URL(fileURLWithPath: output))
            } else {
                print(yaml, terminator: "")
            }
        }
        let count = { (kind: ConversionIssue.Kind) in bank.issues.filter { $0.kind == kind }.count }
        let questions = "\(bank.questions.count) question\(bank.questions.count == 1 ? "" : "s") converted"
        standardError(
            "\(file): \(questions)\(written.map { " into \($0)" } ?? ""); \(count(.unsupported)) not carried over, \(count(.toWrite)) to write, \(count(.error)) error\(count(.error) == 1 ? "" : "s")"
        )
        if count(.error) > 0 || bank.questions.isEmpty { throw ExitCode(65) }  // EX_DATAERR
    }
}

struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export a pack's questions as GIFT, in one language, for Moodle.",
        discussion: """
            PATH is a pack (folder or .zip) or one of its banks (PACK/questions/NAME.yaml); the pack must be valid. \
            Ordering questions and images have no GIFT form: they are named as left out. The file converts back \
            with `safeskills courses convert gift` into the same questions and ids.
            """
    )

    @Argument(help: "gift (the one export format).")
    var format: ExportFormat

    @Argument(help: "A pack folder or .zip, or a bank file in a pack folder's questions/.")
    var path: String

    @Option(help: "The language to export: vi or en.")
    var language = "vi"

    @Option(help: "Where to write the GIFT file; standard output when not given.")
    var output: String?

    enum ExportFormat: String, ExpressibleByArgument { case gift }

    func validate() throws {
        _ = try parseLanguage(language)
    }

    func run() async throws {
        var packPath = path
        var bank: String?
        let url = URL(fileURLWithPath: path)
        if url.pathExtension == "yaml", url.deletingLastPathComponent().lastPathComponent == "questions" {
            packPath = url.deletingLastPathComponent().deletingLastPathComponent().path
            bank = "questions/\(url.lastPathComponent)"
        }
        let files: PackFiles
        do {
            files = try PackLoading.files(at: packPath)
        } catch let issue as PackIssue {
            standardError("\(packPath): \(issue)")
            throw ExitCode.failure
        }
        switch BankConversion.exportGIFT(files, bank: bank, language: try parseLanguage(language)) {
        case .failure(let problems):
            for issue in problems.issues { standardError("\(packPath)/\(issue)") }
            standardError("\(packPath): the pack is not valid, so nothing is exported")
            throw ExitCode.failure
        case .success(let export):
            if let output {
                try Data(export.text.utf8).write(to: URL(fileURLWithPath: output))
            } else {
                print(export.text, terminator: "")
            }
            for line in export.leftOut { standardError("\(path): left out: \(line)") }
            standardError(
                "\(path): \(export.written.count) question\(export.written.count == 1 ? "" : "s") exported as GIFT\(output.map { " to \($0)" } ?? ""), \(export.leftOut.count) left out"
            )
        }
    }
}
