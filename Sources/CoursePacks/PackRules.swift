/// The fixed vocabularies of the pack format.
enum PackRules {
    static let competencies: Set<String> = ["4.1", "4.2", "4.3", "4.4"]
    static let audiences: Set<String> = ["everyone", "adults", "older-people", "parents", "children", "teens", "new-to-smartphones"]
    static let levels: Set<String> = ["beginner", "intermediate", "advanced"]
    static let assetTypes: [String: String] = ["png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg", "webp": "image/webp"]

    static func isSlug(_ text: String) -> Bool {
        (1...64).contains(text.utf8.count)
            && text.utf8.allSatisfy { (0x61...0x7A).contains($0) || (0x30...0x39).contains($0) || $0 == UInt8(ascii: "-") }
            && !text.hasPrefix("-") && !text.hasSuffix("-")
    }

    /// The content type of an asset file name, or nil when its kind is not allowed.
    static func assetType(_ name: String) -> String? {
        guard let dot = name.lastIndex(of: ".") else { return nil }
        return assetTypes[name[name.index(after: dot)...].lowercased()]
    }
}
