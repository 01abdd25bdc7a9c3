import Domain

/// A JSON request body as the client sent it: its fields, before any rule is checked.
///
/// `openapi.yaml` types every request body exactly, for the fronts that generate their clients
/// from it. The server's generated layer reads those bodies as `RequestFields` instead (the
/// generator's `typeOverrides`), because a decoder of the exact types would stop at the first
/// wrong type and answer 400, where Domain's rules check every field and name each invalid one in
/// a single 422, in the caller's language. The rules themselves live in Domain, once.
public struct RequestFields: Codable, Hashable, Sendable {
    public var values: [String: FormValue]

    public init(_ values: [String: FormValue]) {
        self.values = values
    }

    public init(from decoder: any Decoder) throws {
        values = try decoder.singleValueContainer().decode([String: FormValue].self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(values)
    }
}
