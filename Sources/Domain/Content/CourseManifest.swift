import Foundation

/// What a course version keeps beside its items: the pack without lesson bodies and questions
/// (those are items, versioned on their own), and the content hash of each asset.
public struct CourseManifest: Sendable, Codable, Equatable {
    public var pack: CoursePack
    public var assets: [String: String]

    public init(pack: CoursePack, assets: [String: String]) {
        self.pack = pack
        self.assets = assets
    }
}
