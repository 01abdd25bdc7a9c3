import Foundation

/// What an import did, or would do: kept for `GET /v1/admin/course-packs/{importId}`.
public struct ImportReport: Sendable, Equatable, Codable {
    public enum Outcome: String, Sendable, Codable { case created, updated, unchanged, invalid }

    public struct Changes: Sendable, Equatable, Codable {
        public var lessons: [String] = []
        public var quizzes: [String] = []
        public var questions: [String] = []

        public init() {}

        public var isEmpty: Bool { lessons.isEmpty && quizzes.isEmpty && questions.isEmpty }

        public mutating func append(_ kind: String, _ id: String) {
            switch kind {
            case "lesson": lessons.append(id)
            case "quiz": quizzes.append(id)
            default: questions.append(id)
            }
        }
    }

    public var importId: UUID
    public var courseId: String?
    public var kind: String?
    public var packVersion: String?
    public var dryRun: Bool
    public var outcome: Outcome
    public var fromVersion: Int?
    public var toVersion: Int?
    public var new = Changes()
    public var changed = Changes()
    public var retired = Changes()
    public var issues: [PackIssue] = []
    /// Item-writing findings in a course pack (Courses/README.md, "Writing questions"): reported,
    /// never blocking. In a certification pack the same findings are issues.
    public var warnings: [PackIssue] = []
    public var importedAt: Date

    public init(importId: UUID, dryRun: Bool, outcome: Outcome, importedAt: Date) {
        self.importId = importId
        self.dryRun = dryRun
        self.outcome = outcome
        self.importedAt = importedAt
    }

    /// One paragraph for the command line: each warning, then each issue or what changed.
    public func summary(path: String) -> String {
        let warningLines = warnings.map { "\(path)/\($0.file)\($0.line.map { ":\($0)" } ?? ""): warning: \($0.message)" }
        let body = outcomeSummary(path: path)
        return warningLines.isEmpty ? body : (warningLines + [body]).joined(separator: "\n")
    }

    func outcomeSummary(path: String) -> String {
        if outcome == .invalid {
            return
                (issues.map { "\(path)/\($0.file)\($0.line.map { ":\($0)" } ?? ""): \($0.message)" }
                + ["\(path): refused, \(issues.count) problem\(issues.count == 1 ? "" : "s")"]).joined(separator: "\n")
        }
        let verb = dryRun ? "would be" : "is"
        let what = "\(kind ?? "pack") \(courseId ?? "?") \(packVersion ?? "")"
        switch outcome {
        case .unchanged: return "\(path): \(what) unchanged (content version \(toVersion ?? 0))"
        default:
            func list(_ label: String, _ changes: Changes) -> String {
                let items = [
                    ("lesson", "lessons", changes.lessons), ("quiz", "quizzes", changes.quizzes), ("question", "questions", changes.questions),
                ]
                .filter { !$0.2.isEmpty }.map { "\($0.2.count) \($0.2.count == 1 ? $0.0 : $0.1)" }
                return items.isEmpty ? "" : " \(label): \(items.joined(separator: ", "))."
            }
            return "\(path): \(what) \(verb) \(outcome.rawValue) as content version \(toVersion ?? 0)."
                + list("New", new) + list("Changed", changed) + list("Retired", retired)
        }
    }
}

extension ImportReport {
    /// Reports recorded before `warnings` existed have no such key: they read as none.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        importId = try container.decode(UUID.self, forKey: .importId)
        courseId = try container.decodeIfPresent(String.self, forKey: .courseId)
        kind = try container.decodeIfPresent(String.self, forKey: .kind)
        packVersion = try container.decodeIfPresent(String.self, forKey: .packVersion)
        dryRun = try container.decode(Bool.self, forKey: .dryRun)
        outcome = try container.decode(Outcome.self, forKey: .outcome)
        fromVersion = try container.decodeIfPresent(Int.self, forKey: .fromVersion)
        toVersion = try container.decodeIfPresent(Int.self, forKey: .toVersion)
        new = try container.decode(Changes.self, forKey: .new)
        changed = try container.decode(Changes.self, forKey: .changed)
        retired = try container.decode(Changes.self, forKey: .retired)
        issues = try container.decode([PackIssue].self, forKey: .issues)
        warnings = try container.decodeIfPresent([PackIssue].self, forKey: .warnings) ?? []
        importedAt = try container.decode(Date.self, forKey: .importedAt)
    }
}
