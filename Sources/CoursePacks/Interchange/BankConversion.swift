import Domain
import Foundation
import Yams

/// The steps of `safeskills courses convert` and `export`, without the command line: what a
/// file converts to, and what a pack's bank exports to.
public enum BankConversion {
    public enum Format: String, Sendable, CaseIterable {
        case gift, qti

        /// QTI when the bytes are a zip or XML, GIFT otherwise: for a translation given as a file.
        public static func guess(_ data: Data) -> Format {
            let start = data.prefix(64).drop { [0x20, 0x09, 0x0A, 0x0D, 0xEF, 0xBB, 0xBF].contains($0) }
            return data.starts(with: [0x50, 0x4B, 0x03, 0x04]) || start.first == UInt8(ascii: "<") ? .qti : .gift
        }
    }

    public struct Source: Sendable {
        public var data: Data
        public var file: String
        public var format: Format

        public init(data: Data, file: String, format: Format) {
            self.data = data
            self.file = file
            self.format = format
        }
    }

    /// Converts `source` (in `defaults.language`) and, when given, its translation in the other
    /// language; every blank left is reported.
    public static func convert(_ source: Source, translation: Source? = nil, defaults: ConversionDefaults) -> ConvertedBank {
        var bank = read(source, defaults: defaults)
        if let translation {
            var other = defaults
            other.language = defaults.language.other
            bank = BankTranslation.merge(bank, with: read(translation, defaults: other))
        }
        bank = bank.reportingBlanks()
        // In file and line order, as an editor walks them; the sort is stable.
        bank.issues.sort { ($0.source.file, $0.source.line ?? 0) < ($1.source.file, $1.source.line ?? 0) }
        return bank
    }

    static func read(_ source: Source, defaults: ConversionDefaults) -> ConvertedBank {
        switch source.format {
        case .gift:
            guard let text = String(data: source.data, encoding: .utf8) else {
                return ConvertedBank(
                    questions: [],
                    issues: [
                        ConversionIssue(.error, SourceLine(file: source.file, line: nil), "GIFT files are read as UTF-8 text; this one is not UTF-8")
                    ],
                    language: defaults.language
                )
            }
            return GIFTParser.parse(text, file: source.file, defaults: defaults)
        case .qti:
            return QTIReader.read(source.data, file: source.file, defaults: defaults)
        }
    }

    /// The bank file for `bank`, with a header saying where it came from and what is left to do.
    public static func yaml(_ bank: ConvertedBank, from files: [String]) -> String {
        let blanks = bank.issues.filter { $0.kind == .toWrite }.count
        var header = ["Converted by safeskills courses convert from \(files.joined(separator: " and "))."]
        if blanks > 0 {
            header.append("Every \"\" is still to write; `safeskills courses validate` on the pack names each with its line.")
        }
        return BankYAMLWriter.write(bank.questions, header: header)
    }

    /// GIFT for the questions of a pack, or of one of its banks (`questions/name.yaml`). The
    /// pack must be valid: what is exported is what learners would see, facts filled in.
    public static func exportGIFT(_ files: PackFiles, bank: String?, language: Language) -> Result<GIFTWriter.Export, PackIssues> {
        let result = PackReader.read(files)
        guard let pack = result.pack else { return .failure(PackIssues(issues: result.issues)) }
        var questions = pack.questions
        if let bank {
            guard let text = files.text(bank), let root = try? Yams.compose(yaml: text) else {
                return .failure(PackIssues(issues: [PackIssue(file: bank, line: nil, message: "not a question bank of this pack")]))
            }
            let ids = (root.mapping?["questions"]?.sequence ?? []).compactMap { $0.mapping?["id"]?.string }
            let byID = Dictionary(pack.questions.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
            questions = ids.compactMap { byID[$0] }
        }
        return .success(GIFTWriter.write(questions, language: language, category: pack.id))
    }
}

/// A pack's problems, as an error.
public struct PackIssues: Error, Sendable {
    public var issues: [PackIssue]
}
