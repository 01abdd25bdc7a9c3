import Foundation

/// Turns learning events into xAPI 1.0.3 statements, as `docs/xapi-profile.md` describes them.
///
/// A statement is built once, when its event is queued, and sent exactly as built (its id
/// included), so a resend is a duplicate the learning record store can drop. It names the
/// learner only by an account of this server whose name the caller has already made a keyed
/// hash; no email, phone or name ever goes in.
public struct XAPIProfile: Sendable {
    /// The server's public base URL without a trailing slash: the account's home page, and the
    /// root of every activity id.
    public let base: String

    public init(publicBaseURL: URL) {
        let text = publicBaseURL.absoluteString
        base = text.hasSuffix("/") ? String(text.dropLast()) : text
    }

    public enum Verb: String, Sendable, CaseIterable {
        case registered, experienced, completed, answered, passed, failed, earned, lost

        /// ADL's vocabulary where it names the event; it names no earning or losing of a
        /// certificate, so `earned` is the Open Badges xAPI recipe's verb (the certificates are
        /// Open Badges) and `lost` is this profile's own, under the base URL.
        public func id(base: String) -> String {
            switch self {
            case .earned: "http://specification.openbadges.org/xapi/verbs/earned"
            case .lost: "\(base)/xapi/verbs/lost"
            default: "http://adlnet.gov/expapi/verbs/\(rawValue)"
            }
        }
    }

    /// The statement for `event`, as compact JSON text with sorted keys.
    public func statement(id: UUID, actorName: String, event: LearningEvent, at timestamp: Date) -> String {
        let (verb, object, result, context) = parts(event)
        var statement: [String: Any] = [
            "id": id.uuidString.lowercased(),
            "actor": ["objectType": "Agent", "account": ["homePage": base, "name": actorName]],
            "verb": ["id": verb.id(base: base), "display": ["en-US": verb.rawValue]],
            "object": object,
            "timestamp": Self.timestamp(timestamp),
        ]
        var fullContext: [String: Any] = ["platform": "SafeSkills"]
        fullContext.merge(context) { $1 }
        statement["context"] = fullContext
        if let result { statement["result"] = result }
        let data = try! JSONSerialization.data(withJSONObject: statement, options: [.sortedKeys, .withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self)
    }

    // MARK: - Activities

    public func platform() -> [String: Any] {
        activity(base, type: nil, name: "SafeSkills")
    }

    public func course(_ courseID: String) -> [String: Any] {
        activity("\(base)/v1/courses/\(Self.segment(courseID))", type: "http://adlnet.gov/expapi/activities/course")
    }

    /// A certification programme (the "course" an exam belongs to).
    public func programme(_ programID: String) -> [String: Any] {
        activity("\(base)/v1/certifications/\(Self.segment(programID))", type: "http://adlnet.gov/expapi/activities/course")
    }

    public func lesson(courseID: String, lessonID: String) -> [String: Any] {
        activity(
            "\(base)/v1/courses/\(Self.segment(courseID))/lessons/\(Self.segment(lessonID))",
            type: "http://adlnet.gov/expapi/activities/lesson"
        )
    }

    public func quiz(_ quizID: String) -> [String: Any] {
        activity("\(base)/v1/quizzes/\(Self.segment(quizID))", type: "http://adlnet.gov/expapi/activities/assessment")
    }

    public func question(courseID: String, questionID: String, type: Question.Kind) -> [String: Any] {
        var object = activity(
            "\(base)/v1/courses/\(Self.segment(courseID))/questions/\(Self.segment(questionID))",
            type: "http://adlnet.gov/expapi/activities/cmi.interaction"
        )
        var definition = object["definition"] as? [String: Any] ?? [:]
        definition["interactionType"] = Self.interactionType(type)
        object["definition"] = definition
        return object
    }

    /// The Open Badges achievement a programme's certificates are issued for: the certificate
    /// itself is never named, because its public verify page shows the holder's name.
    public func achievement(_ programID: String) -> [String: Any] {
        activity("\(base)/v1/certifications/\(Self.segment(programID))/achievement", type: "http://activitystrea.ms/schema/1.0/badge")
    }

    static func interactionType(_ kind: Question.Kind) -> String {
        switch kind {
        case .single, .multiple: "choice"
        case .trueFalse: "true-false"
        case .ordering: "sequencing"
        case .matching: "matching"
        case .shortText: "fill-in"
        }
    }

    // MARK: - Statements by event

    private func parts(_ event: LearningEvent) -> (Verb, [String: Any], [String: Any]?, [String: Any]) {
        switch event {
        case .registered:
            return (.registered, platform(), nil, [:])
        case .enrolled(let courseID):
            return (.registered, course(courseID), nil, [:])
        case .openedLesson(let courseID, let lessonID):
            return (.experienced, lesson(courseID: courseID, lessonID: lessonID), nil, parent([course(courseID)]))
        case .completedLesson(let courseID, let lessonID):
            return (.completed, lesson(courseID: courseID, lessonID: lessonID), ["completion": true], parent([course(courseID)]))
        case .completedCourse(let courseID):
            return (.completed, course(courseID), ["completion": true], [:])
        case .answered(let answer):
            let result: [String: Any] = [
                "score": ["scaled": Self.rounded(answer.result.earned), "raw": Self.rounded(answer.result.earned), "min": 0, "max": 1],
                "success": answer.result.correct,
                "completion": true,
            ]
            let context: [String: Any] = [
                "registration": answer.attempt.attemptID.uuidString.lowercased(),
                "contextActivities": ["parent": [quiz(answer.attempt.quizID)], "grouping": [container(answer.attempt)]],
            ]
            return (.answered, question(courseID: answer.attempt.courseID, questionID: answer.questionID, type: answer.type), result, context)
        case .graded(let grade):
            let result: [String: Any] = [
                "score": [
                    "scaled": Self.rounded(grade.score), "raw": Self.rounded(grade.score * Double(grade.itemCount)), "min": 0,
                    "max": grade.itemCount,
                ],
                "success": grade.passed,
                "completion": true,
            ]
            var context = parent([container(grade.attempt)])
            context["registration"] = grade.attempt.attemptID.uuidString.lowercased()
            return (grade.passed ? .passed : .failed, quiz(grade.attempt.quizID), result, context)
        case .earnedCertificate(let programID, let expiresAt):
            var result: [String: Any] = ["success": true, "completion": true]
            if let expiresAt { result["extensions"] = ["\(base)/xapi/extensions/expires-at": Self.timestamp(expiresAt)] }
            return (.earned, achievement(programID), result, parent([programme(programID)]))
        case .lostCertificate(let programID, let reason):
            let result: [String: Any] = ["extensions": ["\(base)/xapi/extensions/reason": reason.rawValue]]
            return (.lost, achievement(programID), result, parent([programme(programID)]))
        }
    }

    private func container(_ attempt: LearningEvent.AttemptRef) -> [String: Any] {
        attempt.exam ? programme(attempt.courseID) : course(attempt.courseID)
    }

    private func parent(_ activities: [[String: Any]]) -> [String: Any] {
        ["contextActivities": ["parent": activities]]
    }

    private func activity(_ id: String, type: String?, name: String? = nil) -> [String: Any] {
        var definition: [String: Any] = [:]
        if let type { definition["type"] = type }
        if let name { definition["name"] = ["en-US": name] }
        return ["objectType": "Activity", "id": id, "definition": definition]
    }

    /// Ids from course packs are path-safe already; anything else is percent-encoded.
    static func segment(_ text: String) -> String {
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: "/")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }

    static func rounded(_ value: Double) -> Double {
        (value * 10_000).rounded() / 10_000
    }

    /// UTC with milliseconds, as xAPI timestamps are usually written.
    static func timestamp(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: date)
    }
}
