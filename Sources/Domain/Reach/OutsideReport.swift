import Foundation

/// Counts from events, campaigns and partner platforms, without identities: shown beside
/// platform reach with their sum as an upper bound, never added to it.
public struct OutsideReport: Sendable, Equatable {
    public var organisation: String
    public var periodStart: String
    public var periodEnd: String
    public var province: String?
    public var activity: String
    public var people: Int
    public var evidenceURL: String?
    /// The organisation of the tree it came from, when it did: its yearly report lists it.
    public var organisationID: String?

    public init(
        organisation: String,
        periodStart: String,
        periodEnd: String,
        province: String?,
        activity: String,
        people: Int,
        evidenceURL: String?,
        organisationID: String? = nil
    ) {
        self.organisation = organisation
        self.periodStart = periodStart
        self.periodEnd = periodEnd
        self.province = province
        self.activity = activity
        self.people = people
        self.evidenceURL = evidenceURL
        self.organisationID = organisationID
    }

    /// Reads a report from its fields, every problem at once. Whether its province is in force
    /// (at the period's end) is for the caller to check against reference data.
    public static func read(_ values: [String: FormValue], today: VietnamDay) -> (report: OutsideReport?, errors: [FieldError]) {
        var reader = FormReader(values)
        let organisation = reader.require(reader.string("organisation"), "organisation")
        let start = reader.require(reader.string("periodStart"), "periodStart")
        let end = reader.require(reader.string("periodEnd"), "periodEnd")
        let province = reader.string("province")
        let activity = reader.require(reader.string("activity"), "activity")
        let people = reader.require(reader.integer("people"), "people")
        let evidence = reader.string("evidenceUrl")
        let organisationID = reader.string("organisationId")
        let tooLong = LocalizedText(vi: "Tối đa 200 ký tự.", en: "At most 200 characters.")
        if let organisation, organisation.count > 200 { reader.fail("organisation", tooLong) }
        if let activity, activity.count > 200 { reader.fail("activity", tooLong) }
        let startDay = start.flatMap { VietnamDay($0) }
        let endDay = end.flatMap { VietnamDay($0) }
        if start != nil, startDay == nil { reader.fail("periodStart", .notADay) }
        if end != nil, endDay == nil { reader.fail("periodEnd", .notADay) }
        if let startDay, let endDay {
            if endDay < startDay {
                reader.fail("periodEnd", LocalizedText(vi: "Ngày kết thúc trước ngày bắt đầu.", en: "The period ends before it starts."))
            }
            if endDay > today { reader.fail("periodEnd", .dayNotYet) }
        }
        if let people, !(1...10_000_000).contains(people) {
            reader.fail("people", LocalizedText(vi: "Số người từ 1 đến 10.000.000.", en: "The number of people is from 1 to 10,000,000."))
        }
        if let evidence, !evidence.lowercased().hasPrefix("https://") || evidence.count > 500 {
            reader.fail("evidenceUrl", LocalizedText(vi: "Liên kết phải bắt đầu bằng https://.", en: "The link must start with https://."))
        }
        guard let organisation, let start, let end, let activity, let people, reader.errors.isEmpty else { return (nil, reader.errors) }
        return (
            OutsideReport(
                organisation: organisation,
                periodStart: start,
                periodEnd: end,
                province: province,
                activity: activity,
                people: people,
                evidenceURL: evidence,
                organisationID: organisationID
            ), []
        )
    }

    /// The day a report's province is judged on: the units in force when its period ended.
    public static func provinceDay(_ values: [String: FormValue], today: VietnamDay) -> VietnamDay {
        if case .string(let end)? = values["periodEnd"], let day = VietnamDay(end) { return day }
        return today
    }
}

/// Awareness activities a front may report for an anonymous device.
public enum DeviceActivity {
    public static let known: Set<String> = ["opened-app", "read-tip", "watched-video", "played-game", "checked-link"]
}
