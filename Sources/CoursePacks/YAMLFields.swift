import Domain
import Foundation
import Yams

/// Reads YAML nodes field by field, recording a `PackIssue` with file and line for everything
/// wrong, so that a pack's problems are all reported in one go.
final class YAMLFields {
    private(set) var issues: [PackIssue] = []

    func fail(_ file: String, _ node: Node?, _ message: String) {
        issues.append(PackIssue(file: file, line: node?.mark.map { $0.line }, message: message))
    }

    func fail(_ issue: PackIssue) {
        issues.append(issue)
    }

    func parse(_ text: String, file: String) -> Node? {
        do {
            guard let node = try Yams.compose(yaml: text) else {
                fail(file, nil, "the file is empty")
                return nil
            }
            return node
        } catch let error as YamlError {
            issues.append(PackIssue(file: file, line: Self.line(of: error), message: "not valid YAML: \(Self.reason(of: error))"))
        } catch {
            fail(file, nil, "not valid YAML")
        }
        return nil
    }

    private static func line(of error: YamlError) -> Int? {
        switch error {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _): mark.line
        default: nil
        }
    }

    private static func reason(of error: YamlError) -> String {
        switch error {
        case .scanner(_, let problem, _, _), .parser(_, let problem, _, _), .composer(_, let problem, _, _): problem
        default: "\(error)"
        }
    }

    /// A mapping's fields; `allowed` names every key it may have, and any other is an issue.
    func mapping(_ node: Node?, file: String, what: String, allowed: Set<String>) -> Fields? {
        guard let node else { return nil }
        guard let mapping = node.mapping else {
            fail(file, node, "\(what) must be a mapping of keys to values")
            return nil
        }
        var values: [String: Node] = [:]
        for (key, value) in mapping {
            guard let name = key.string else {
                fail(file, key, "\(what) has a key that is not text")
                continue
            }
            if !allowed.contains(name) {
                fail(file, key, "\(what) has an unknown key \"\(name)\"")
            }
            if values[name] != nil {
                fail(file, key, "\(what) has the key \"\(name)\" twice")
            }
            values[name] = value
        }
        return Fields(file: file, node: node, values: values, what: what, reader: self)
    }
}

/// The fields of one mapping, with typed getters that record issues.
struct Fields {
    let file: String
    let node: Node
    let values: [String: Node]
    let what: String
    let reader: YAMLFields

    subscript(key: String) -> Node? { values[key] }

    func has(_ key: String) -> Bool { values[key] != nil }

    func fail(_ key: String, _ message: String) {
        reader.fail(file, values[key] ?? node, "\(what): \(key) \(message)")
    }

    func string(_ key: String, required: Bool = true) -> String? {
        guard let value = values[key] else {
            if required { reader.fail(file, node, "\(what) is missing \(key)") }
            return nil
        }
        guard case .scalar(let scalar) = value, value.tag.description != "tag:yaml.org,2002:null" else {
            fail(key, "must be text")
            return nil
        }
        let text = scalar.string.trimmingCharacters(in: .whitespacesAndNewlines)
        if text.isEmpty, required { fail(key, "must not be empty") }
        return text.isEmpty ? nil : text
    }

    func slug(_ key: String, required: Bool = true) -> String? {
        guard let text = string(key, required: required) else { return nil }
        guard PackRules.isSlug(text) else {
            fail(key, "\"\(text)\" is not an id (a-z, 0-9 and -, at most 64 characters)")
            return nil
        }
        return text
    }

    func int(_ key: String, required: Bool = true, in range: ClosedRange<Int>) -> Int? {
        guard let value = values[key] else {
            if required { reader.fail(file, node, "\(what) is missing \(key)") }
            return nil
        }
        guard let number = value.int, range.contains(number) else {
            fail(key, "must be a whole number from \(range.lowerBound) to \(range.upperBound)")
            return nil
        }
        return number
    }

    func double(_ key: String, in range: ClosedRange<Double>) -> Double? {
        guard let value = values[key] else { return nil }
        guard let number = value.float, range.contains(number) else {
            fail(key, "must be a number from \(range.lowerBound) to \(range.upperBound)")
            return nil
        }
        return number
    }

    func bool(_ key: String) -> Bool? {
        guard let value = values[key] else { return nil }
        guard let flag = value.bool else {
            fail(key, "must be true or false")
            return nil
        }
        return flag
    }

    func list(_ key: String, required: Bool = true) -> [Node]? {
        guard let value = values[key] else {
            if required { reader.fail(file, node, "\(what) is missing \(key)") }
            return nil
        }
        guard let sequence = value.sequence else {
            fail(key, "must be a list")
            return nil
        }
        return Array(sequence)
    }

    func stringList(_ key: String, required: Bool = true) -> [String]? {
        guard let items = list(key, required: required) else { return nil }
        var strings: [String] = []
        for item in items {
            guard let text = item.string, !text.isEmpty else {
                reader.fail(file, item, "\(what): every entry of \(key) must be text")
                continue
            }
            strings.append(text)
        }
        return strings
    }

    /// A `{ vi: ..., en: ... }` text; a missing or empty language is reported as a missing translation.
    func localized(_ key: String, required: Bool = true) -> LocalizedText? {
        guard let value = values[key] else {
            if required { reader.fail(file, node, "\(what) is missing \(key)") }
            return nil
        }
        guard let text = reader.mapping(value, file: file, what: "\(what) \(key)", allowed: ["vi", "en"]) else { return nil }
        var translations: [String: String] = [:]
        for language in ["vi", "en"] {
            guard let scalar = text[language]?.string?.trimmingCharacters(in: .whitespacesAndNewlines), !scalar.isEmpty else {
                reader.fail(file, value, "\(what): \(key) is missing its \(language == "vi" ? "Vietnamese (vi)" : "English (en)") translation")
                continue
            }
            translations[language] = scalar
        }
        guard let vi = translations["vi"], let en = translations["en"] else { return nil }
        return LocalizedText(vi: vi, en: en)
    }

    var line: Int? { node.mark?.line }
}
