/// A learner's answer to one item, in the shapes of DESIGN.md: `{"optionIds": [...]}` (single,
/// multiple, true/false), `{"order": [...]}` (ordering), `{"pairs": {...}}` (matching),
/// `{"text": "..."}` (short text).
public enum Answer: Sendable, Equatable, Codable {
    case options([String])
    case order([String])
    case pairs([String: String])
    case text(String)

    /// The answer as a JSON-shaped value, for storage and the API.
    enum CodingKeys: String, CodingKey { case optionIds, order, pairs, text }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        if let ids = try container.decodeIfPresent([String].self, forKey: .optionIds) {
            self = .options(ids)
        } else if let order = try container.decodeIfPresent([String].self, forKey: .order) {
            self = .order(order)
        } else if let pairs = try container.decodeIfPresent([String: String].self, forKey: .pairs) {
            self = .pairs(pairs)
        } else {
            self = .text(try container.decode(String.self, forKey: .text))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .options(let ids): try container.encode(ids, forKey: .optionIds)
        case .order(let order): try container.encode(order, forKey: .order)
        case .pairs(let pairs): try container.encode(pairs, forKey: .pairs)
        case .text(let text): try container.encode(text, forKey: .text)
        }
    }
}

/// The ids a true/false item shows as its options.
public enum TrueFalse {
    public static let trueID = "true"
    public static let falseID = "false"
}

extension Answer {
    /// Reads an answer from a request's fields: exactly one of `optionIds`, `order`, `pairs`
    /// or `text`, each of its own shape.
    public init(form: [String: FormValue]) throws(Refusal) {
        guard form.count == 1, let (key, value) = form.first else {
            throw Refusal.invalidField(
                "",
                LocalizedText(
                    vi: "Câu trả lời phải có đúng một trong các dạng optionIds, order, pairs hoặc text.",
                    en: "An answer has exactly one of optionIds, order, pairs or text."
                )
            )
        }
        func strings(_ value: FormValue) -> [String]? {
            guard case .array(let items) = value else { return nil }
            let strings = items.compactMap { item -> String? in if case .string(let s) = item { s } else { nil } }
            return strings.count == items.count ? strings : nil
        }
        switch (key, value) {
        case ("optionIds", let value):
            if let ids = strings(value) {
                self = .options(ids)
                return
            }
        case ("order", let value):
            if let ids = strings(value) {
                self = .order(ids)
                return
            }
        case ("pairs", .object(let pairs)):
            let mapped = pairs.compactMapValues { value -> String? in if case .string(let s) = value { s } else { nil } }
            if mapped.count == pairs.count {
                self = .pairs(mapped)
                return
            }
        case ("text", .string(let text)):
            self = .text(text)
            return
        default: break
        }
        throw Refusal.invalidField(
            "/\(key)",
            LocalizedText(vi: "Giá trị không đúng dạng cho \(key).", en: "The value does not have the form \(key) takes.")
        )
    }
}
