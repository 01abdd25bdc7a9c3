/// A short text in every supported language, so that nothing reaches a learner untranslated.
public struct LocalizedText: Sendable, Equatable, Codable {
    public var vi: String
    public var en: String

    public init(vi: String, en: String) {
        self.vi = vi
        self.en = en
    }

    public func text(in language: Language) -> String {
        switch language {
        case .vi: vi
        case .en: en
        }
    }
}
