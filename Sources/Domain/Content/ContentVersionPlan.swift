import Foundation

/// What importing a pack as a course's next content version does to each lesson, quiz and
/// question: keep a stored item version whose content is unchanged, store a new version of one
/// that changed, and say what is new, changed and retired against the live version.
///
/// Items are keyed by kind and stable id, so learners keep progress on every item whose id
/// survives a re-import (DESIGN.md, "Data principles").
public struct ContentVersionPlan: Sendable, Equatable {
    /// One item of the pack being imported: its kind (`lesson`, `quiz`, `question`), stable id
    /// and the hash of its canonical content.
    public struct Item: Sendable, Equatable {
        public var kind: String
        public var id: String
        public var hash: String

        public init(kind: String, id: String, hash: String) {
            self.kind = kind
            self.id = id
            self.hash = hash
        }

        public var key: Key { Key(kind: kind, id: id) }
    }

    public struct Key: Sendable, Hashable, Comparable {
        public var kind: String
        public var id: String

        public init(kind: String, id: String) {
            self.kind = kind
            self.id = id
        }

        public static func < (lhs: Key, rhs: Key) -> Bool { (lhs.kind, lhs.id) < (rhs.kind, rhs.id) }
    }

    /// The latest stored version of an item and its content hash.
    public struct Stored: Sendable, Equatable {
        public var version: Int
        public var hash: String

        public init(version: Int, hash: String) {
            self.version = version
            self.hash = hash
        }
    }

    /// The item version each of the pack's items will have, in the pack's order.
    public var versions: [Int] = []
    /// Indices of the items whose content is not stored yet, so a new item version is written.
    public var toStore: [Int] = []
    public var new = ImportReport.Changes()
    public var changed = ImportReport.Changes()
    public var retired = ImportReport.Changes()

    /// `latest` holds every item of the course ever stored; `live` the items of the live version.
    public init(items: [Item], latest: [Key: Stored], live: Set<Key>) {
        for (index, item) in items.enumerated() {
            if let known = latest[item.key], known.hash == item.hash {
                versions.append(known.version)
                if !live.contains(item.key) { new.append(item.kind, item.id) }
            } else {
                versions.append((latest[item.key]?.version ?? 0) + 1)
                toStore.append(index)
                if live.contains(item.key) { changed.append(item.kind, item.id) } else { new.append(item.kind, item.id) }
            }
        }
        let present = Set(items.map(\.key))
        for key in live.sorted() where !present.contains(key) {
            retired.append(key.kind, key.id)
        }
    }
}
