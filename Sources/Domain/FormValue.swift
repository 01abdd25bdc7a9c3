import Foundation

/// A JSON value as a client sent it, before validation.
///
/// The server reads request bodies as these values rather than as the contract's exact types, so
/// that a wrong type is a 422 naming the field, not a 400 for the whole body; Domain then checks
/// each field and reports every problem at once.
public enum FormValue: Sendable, Hashable {
    case string(String)
    case integer(Int)
    case number(Double)
    case bool(Bool)
    case array([FormValue])
    case object([String: FormValue])
    case null
}

/// Reads fields from a request body, collecting a `FieldError` for each one that is wrong.
public struct FormReader {
    public let values: [String: FormValue]
    public private(set) var errors: [FieldError] = []
    let prefix: String

    public init(_ values: [String: FormValue], prefix: String = "") {
        self.values = values
        self.prefix = prefix
    }

    public mutating func fail(_ field: String, _ message: LocalizedText) {
        errors.append(FieldError(pointer: "\(prefix)/\(field)", message: message))
    }

    /// A string field, trimmed; nil when absent, null or empty. A non-string is an error.
    public mutating func string(_ field: String) -> String? {
        switch values[field] {
        case nil, .null: return nil
        case .string(let value):
            let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
            return trimmed.isEmpty ? nil : trimmed
        default:
            fail(field, LocalizedText(vi: "Giá trị phải là chuỗi ký tự.", en: "Must be a string."))
            return nil
        }
    }

    /// A string field exactly as sent (passwords keep their spaces).
    public mutating func rawString(_ field: String) -> String? {
        switch values[field] {
        case nil, .null: return nil
        case .string(let value): return value.isEmpty ? nil : value
        default:
            fail(field, LocalizedText(vi: "Giá trị phải là chuỗi ký tự.", en: "Must be a string."))
            return nil
        }
    }

    public mutating func integer(_ field: String) -> Int? {
        switch values[field] {
        case nil, .null: return nil
        case .integer(let value): return value
        case .number(let value) where value == value.rounded() && abs(value) < 1e9: return Int(value)
        default:
            fail(field, LocalizedText(vi: "Giá trị phải là số nguyên.", en: "Must be a whole number."))
            return nil
        }
    }

    public mutating func stringArray(_ field: String) -> [String]? {
        switch values[field] {
        case nil, .null: return nil
        case .array(let items):
            var strings: [String] = []
            for (index, item) in items.enumerated() {
                guard case .string(let value) = item else {
                    fail("\(field)/\(index)", LocalizedText(vi: "Giá trị phải là chuỗi ký tự.", en: "Must be a string."))
                    continue
                }
                strings.append(value)
            }
            return strings
        default:
            fail(field, LocalizedText(vi: "Giá trị phải là một danh sách.", en: "Must be a list."))
            return nil
        }
    }

    public mutating func objectArray(_ field: String) -> [[String: FormValue]]? {
        switch values[field] {
        case nil, .null: return nil
        case .array(let items):
            var objects: [[String: FormValue]] = []
            for (index, item) in items.enumerated() {
                guard case .object(let value) = item else {
                    fail("\(field)/\(index)", LocalizedText(vi: "Giá trị phải là một đối tượng.", en: "Must be an object."))
                    continue
                }
                objects.append(value)
            }
            return objects
        default:
            fail(field, LocalizedText(vi: "Giá trị phải là một danh sách.", en: "Must be a list."))
            return nil
        }
    }

    public mutating func require<T>(_ value: T?, _ field: String) -> T? {
        if value == nil, !errors.contains(where: { $0.pointer == "\(prefix)/\(field)" }) {
            fail(field, LocalizedText(vi: "Thông tin này là bắt buộc.", en: "This field is required."))
        }
        return value
    }
}

extension FormValue: Decodable {
    /// Each failed attempt below throws, which costs more than the decoding itself, so the kinds
    /// bodies hold most are tried first: text, then lists and objects (an answer is a list of
    /// text, a map of text or a text). JSON decoding converts no kind into another, so the order
    /// changes no result; a whole number is still tried before a fractional one.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([FormValue].self) {
            self = .array(value)
        } else if let value = try? container.decode([String: FormValue].self) {
            self = .object(value)
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Int.self) {
            self = .integer(value)
        } else {
            self = .number(try container.decode(Double.self))
        }
    }
}

extension FormValue: Encodable {
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .string(let value): try container.encode(value)
        case .integer(let value): try container.encode(value)
        case .number(let value): try container.encode(value)
        case .bool(let value): try container.encode(value)
        case .array(let items): try container.encode(items)
        case .object(let fields): try container.encode(fields)
        case .null: try container.encodeNil()
        }
    }
}
