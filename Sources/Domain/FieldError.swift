/// One invalid field of a request: where it is (a JSON Pointer, RFC 6901) and what is wrong with it.
public struct FieldError: Sendable, Equatable {
    public var pointer: String
    public var message: LocalizedText

    public init(pointer: String, message: LocalizedText) {
        self.pointer = pointer
        self.message = message
    }
}
