import Foundation

/// A class as one of its members sees it: what it is, whose it is, and when they joined (and
/// left). Never who else is in it.
public struct MyClass: Sendable, Equatable {
    public var classID: UUID
    public var name: String
    public var organisationID: String
    public var organisationName: LocalizedText
    public var courseIDs: [String]
    public var programID: String?
    public var startsOn: VietnamDay
    public var endsOn: VietnamDay
    public var joinedAt: Date
    /// Nil while still a member.
    public var leftAt: Date?

    public init(
        classID: UUID,
        name: String,
        organisationID: String,
        organisationName: LocalizedText,
        courseIDs: [String],
        programID: String?,
        startsOn: VietnamDay,
        endsOn: VietnamDay,
        joinedAt: Date,
        leftAt: Date?
    ) {
        self.classID = classID
        self.name = name
        self.organisationID = organisationID
        self.organisationName = organisationName
        self.courseIDs = courseIDs
        self.programID = programID
        self.startsOn = startsOn
        self.endsOn = endsOn
        self.joinedAt = joinedAt
        self.leftAt = leftAt
    }
}

/// That a manager read a person's progress in a class (`progress_reads`): part of the person's
/// own data, so their export lists it.
public struct ProgressReadRecord: Sendable, Equatable {
    public var classID: UUID
    public var what: String
    public var readAt: Date

    public init(classID: UUID, what: String, readAt: Date) {
        self.classID = classID
        self.what = what
        self.readAt = readAt
    }
}
