import Foundation

/// A class (cohort) of an organisation: who runs it, what it follows and how many it admits.
public struct Cohort: Sendable, Equatable, Codable {
    public var id: UUID
    public var organisationID: String
    public var details: CohortDetails
    public var seatsTaken: Int
    /// Nil once revoked, until a new one is made.
    public var joinCode: String?

    public init(id: UUID, organisationID: String, details: CohortDetails, seatsTaken: Int, joinCode: String?) {
        self.id = id
        self.organisationID = organisationID
        self.details = details
        self.seatsTaken = seatsTaken
        self.joinCode = joinCode
    }
}

/// What a manager says about a class; checked by `CohortDetails.validate`.
public struct CohortDetails: Sendable, Equatable, Codable {
    public var name: String
    public var courseIDs: [String]
    public var programID: String?
    public var startsOn: VietnamDay
    public var endsOn: VietnamDay
    public var facilitator: String?
    public var capacity: Int

    public static let capacityRange = 1...1000
    /// The years a class may run in, as the contract's pattern says.
    static let yearRange = 2020...2099

    public init(
        name: String,
        courseIDs: [String],
        programID: String?,
        startsOn: VietnamDay,
        endsOn: VietnamDay,
        facilitator: String?,
        capacity: Int
    ) {
        self.name = name
        self.courseIDs = courseIDs
        self.programID = programID
        self.startsOn = startsOn
        self.endsOn = endsOn
        self.facilitator = facilitator
        self.capacity = capacity
    }

    /// Checks a class's fields (`name`, `courseIds`, `programId`, `startsOn`, `endsOn`,
    /// `facilitator`, `capacity`) and reports every invalid one at once; whether the courses
    /// exist is the database's to say.
    public static func validate(_ form: [String: FormValue]) -> Result<CohortDetails, ValidationFailure> {
        var reader = FormReader(form)
        let name = reader.require(reader.string("name"), "name")
        if let name, !OrganisationMessages.isPlainName(name) { reader.fail("name", OrganisationMessages.badClassName) }
        let listed = reader.stringArray("courseIds") ?? []
        var courseIDs: [String] = []
        for (index, id) in listed.enumerated() {
            if !ProfileRules.isSlug(id) {
                reader.fail("courseIds/\(index)", OrganisationMessages.badCourseID)
            } else if !courseIDs.contains(id) {
                courseIDs.append(id)
            }
        }
        let programID = reader.string("programId")
        if let programID, !ProfileRules.isSlug(programID) { reader.fail("programId", OrganisationMessages.badCourseID) }
        if listed.isEmpty, programID == nil, reader.values["programId"] == nil {
            reader.fail("courseIds", OrganisationMessages.courseOrProgramme)
        }
        let starts = day(&reader, "startsOn")
        let ends = day(&reader, "endsOn")
        if let starts, let ends, ends < starts { reader.fail("endsOn", OrganisationMessages.endsBeforeStart) }
        let facilitator = reader.string("facilitator")
        if let facilitator, !OrganisationMessages.isPlainName(facilitator) { reader.fail("facilitator", OrganisationMessages.badFacilitator) }
        let capacity = reader.require(reader.integer("capacity"), "capacity")
        if let capacity, !capacityRange.contains(capacity) { reader.fail("capacity", OrganisationMessages.badCapacity) }
        guard reader.errors.isEmpty, let name, let starts, let ends, let capacity else {
            return .failure(ValidationFailure(errors: reader.errors))
        }
        return .success(
            CohortDetails(
                name: name.precomposedStringWithCanonicalMapping,
                courseIDs: courseIDs,
                programID: programID,
                startsOn: starts,
                endsOn: ends,
                facilitator: facilitator?.precomposedStringWithCanonicalMapping,
                capacity: capacity
            )
        )
    }

    private static func day(_ reader: inout FormReader, _ field: String) -> VietnamDay? {
        guard let text = reader.require(reader.string(field), field) else { return nil }
        guard let day = VietnamDay(text), yearRange.contains(day.year) else {
            reader.fail(field, OrganisationMessages.badDay)
            return nil
        }
        return day
    }
}
