import Domain

/// What the statistics dashboard shows, filled in by its route from the same figures as
/// `GET /v1/stats/reach`, so the page never computes or suppresses anything itself.
///
/// Counts are `Int?` where nil means withheld (1 to 9 people, DESIGN.md "Reach, precisely"): the
/// page writes "<10" for them. Other optionals mean the figure does not exist, written "—".
struct DashboardView: Sendable {
    /// A national figure at a month end.
    struct RatePoint: Sendable, Equatable {
        var day: String
        /// 0…1; nil when that year has no internet-users figure or the count is withheld.
        var rate: Double?
        /// 0…1; nil when that year has no target.
        var target: Double?
    }

    /// One province as of `provincesAsOf`.
    struct ProvinceRow: Sendable, Equatable {
        var code: String
        var name: String
        /// Nil when withheld.
        var people: Int?
        /// 0…1; nil when the province has no internet-users figure or its count is withheld.
        var rate: Double?
        /// The year of the province's internet-users figure; nil when it has none of its own.
        var internetUsersYear: Int?
    }

    /// One course's funnel; a person counts at every level up to their deepest.
    struct FunnelRow: Sendable, Equatable {
        var courseID: String
        var title: String
        var enrolled: Int?
        var learned: Int?
        var completed: Int?
        var certified: Int?
    }

    var language: Language
    /// "YYYY-MM-DD", the Vietnam day the national figures are for.
    var asOf: String
    var year: Int
    var reached: Int?
    var learned: Int?
    var completedCourse: Int?
    var certified: Int?
    /// That year's figure; nil when none is loaded.
    var internetUsers: Int?
    var internetUsersSource: String?
    /// Shown as a warning unless "published" (e.g. "unverified - check before publishing").
    var internetUsersStatus: String?
    /// The year the internet users and the target are for; earlier than `year` when carried forward.
    var internetUsersYear: Int?
    var targetYear: Int?
    /// Years with figures the reader may pick instead, latest first (`?year=`).
    var years: [Int] = []
    /// 0…1; nil without an internet-users figure (or with a withheld count).
    var rate: Double?
    /// 0…1; nil when the year has no target.
    var target: Double?
    /// People still to reach; 0 once met; nil without a target or internet-users figure.
    var gap: Int?
    /// The projection's day; nil when met, when there is no pace, or no projection.
    var expectedOn: String?
    /// Nil when there is no projection.
    var onTrack: Bool?
    var projectionMethod: String?
    /// The projection's window, `ReachProjection.windowDays`, quoted in the sentence.
    var projectionWindowDays: Int = 90
    /// Anonymous devices: a separate series, never added to people or the rate.
    var devices: Int?
    /// The sum of outside reports for the year: an upper bound, never added.
    var outsideReportsPeople: Int?
    /// Month ends, oldest first.
    var national: [RatePoint] = []
    /// As of the last month end, in any order: the page ranks them.
    var provinces: [ProvinceRow] = []
    var provincesAsOf: String
    var funnel: [FunnelRow] = []
    var methodologyVersion: String
    /// Said on the page only when the figures come from a replica more than a minute behind, or
    /// from the primary because the replica could not be reached.
    var freshness: Freshness?

    struct Freshness: Sendable, Equatable {
        /// "HH:mm:ss", Vietnam time: every write committed before it is counted.
        var exactAsOf: String
        /// The replica could not be reached, so the primary answered.
        var fallback: Bool
        /// Whole seconds the replica is behind (when not a fallback).
        var lagSeconds: Int
    }
}
