import Domain
import Foundation

/// Reads QTI 3.0 assessment items, one item's XML or a content package (.zip with
/// imsmanifest.xml), into draft questions of one language.
///
/// | QTI 3.0 | pack question |
/// |---|---|
/// | `qti-choice-interaction`, response `cardinality="single"` | `single` |
/// | `qti-choice-interaction`, `cardinality="multiple"` | `multiple` |
/// | `qti-order-interaction` | `ordering` |
/// | `qti-match-interaction` (two `qti-simple-match-set`s) | `matching`: first set options, second matches |
/// | `qti-text-entry-interaction` | `shortText`: the correct response and every positive `qti-map-entry` |
/// | the item's `identifier` | the question's id (made an id when it is not one) |
/// | `qti-correct-response` | the key |
/// | one `qti-modal-feedback` or feedback block | the explanation (several become comments to fold in) |
///
/// Reported with file and line, never dropped in silence: every other interaction, several
/// interactions in one item, images, media and MathML, custom response processing, partial
/// credit, QTI 2.x items and test-level structure.
public enum QTIReader {
    public static func read(_ data: Data, file: String, defaults: ConversionDefaults) -> ConvertedBank {
        var state = State(defaults: defaults)
        if data.starts(with: [0x50, 0x4B, 0x03, 0x04]) {
            state.readPackage(data, file: file)
        } else {
            state.readItem(data, file: file)
        }
        return ConvertedBank(questions: state.questions, issues: state.issues, language: defaults.language)
    }

    struct State {
        let defaults: ConversionDefaults
        var questions: [DraftQuestion] = []
        var issues: [ConversionIssue] = []

        var language: Language { defaults.language }

        mutating func issue(_ kind: ConversionIssue.Kind, _ source: SourceLine, _ message: String) {
            issues.append(ConversionIssue(kind, source, message))
        }

        mutating func readPackage(_ data: Data, file: String) {
            let files: PackFiles
            do {
                files = try PackArchive.unpack(data, limits: .default)
            } catch let problem as PackIssue {
                issue(.error, SourceLine(file: file, line: nil), problem.message)
                return
            } catch {
                issue(.error, SourceLine(file: file, line: nil), "not a readable .zip archive")
                return
            }
            let manifestFile = "\(file)/imsmanifest.xml"
            guard let manifestData = files.files["imsmanifest.xml"] else {
                issue(.error, SourceLine(file: file, line: nil), "a QTI content package has imsmanifest.xml at its root; this one has none")
                return
            }
            guard let manifest = parse(Data(manifestData), file: manifestFile) else { return }
            let resources = manifest.descendants("resource")
            for resource in resources {
                let type = resource.attributes["type"] ?? ""
                let at = SourceLine(file: manifestFile, line: resource.line)
                if type.hasPrefix("imsqti_item_xmlv3p0") {
                    guard let href = resource.attributes["href"], let bytes = files.files[Self.normalize(href)] else {
                        issue(.error, at, "the item resource's href \"\(resource.attributes["href"] ?? "")\" is not a file in the package")
                        continue
                    }
                    readItem(Data(bytes), file: "\(file)/\(Self.normalize(href))")
                } else if type.hasPrefix("imsqti_item") {
                    issue(.unsupported, at, "\(type) items are not read: only QTI 3.0 items (imsqti_item_xmlv3p0) are")
                } else if type.hasPrefix("imsqti_test") {
                    issue(
                        .unsupported,
                        at,
                        "the test (\(resource.attributes["href"] ?? type)) is not converted: its sections, order and rules have no place in a bank; make a quiz in pack.yaml"
                    )
                }
            }
            if !resources.contains(where: { ($0.attributes["type"] ?? "").hasPrefix("imsqti_item") }) {
                issue(.error, SourceLine(file: manifestFile, line: manifest.line), "the manifest lists no QTI item resource")
            }
        }

        static func normalize(_ href: String) -> String {
            var path = href.removingPercentEncoding ?? href
            while path.hasPrefix("./") { path.removeFirst(2) }
            return path
        }

        mutating func parse(_ data: Data, file: String) -> MarkupNode? {
            switch MarkupNode.parse(data) {
            case .success(let root): return root
            case .failure(let error):
                issue(.error, SourceLine(file: file, line: error.line), error.message)
                return nil
            }
        }

        mutating func readItem(_ data: Data, file: String) {
            guard let root = parse(data, file: file) else { return }
            let at = SourceLine(file: file, line: root.line)
            guard root.name == "qti-assessment-item" else {
                if root.name == "assessmentItem" {
                    issue(.unsupported, at, "a QTI 2.x item (assessmentItem) is not read: only QTI 3.0 (qti-assessment-item)")
                } else {
                    issue(.error, at, "not a QTI 3.0 item: the root is <\(root.name)>, not <qti-assessment-item>")
                }
                return
            }
            if let lang = root.language, let itemLanguage = Language(rawValue: String(lang.prefix(2)).lowercased()), itemLanguage != language {
                issue(.error, at, "the item says xml:lang=\"\(lang)\" but is converted as \(language.englishName): check --language")
            }
            guard var question = QTIItem.read(root, file: file, state: &self) else { return }
            if questions.contains(where: { $0.id == question.id }) {
                issue(.error, at, "the id \"\(question.id)\" is already used by another item; this item is left out")
                return
            }
            question.competency = defaults.competency
            question.difficulty = defaults.difficulty
            questions.append(question)
        }
    }
}
