/// The national internet users and reach targets loaded per year, and which of them apply to a
/// year that has none of its own yet.
///
/// The figures for a year are published months into the next one, so on most days of the year
/// the current one has none. Rather than show no rate at all, the latest earlier figures are
/// used and flagged as carried forward (`ReachReport.carriedForward`) until an administrator
/// loads the year's own.
public struct YearFigures: Sendable, Equatable {
    public var internetUsers: [Int: ReachReport.InternetUsers]
    public var targets: [Int: Double]

    public init(internetUsers: [Int: ReachReport.InternetUsers] = [:], targets: [Int: Double] = [:]) {
        self.internetUsers = internetUsers
        self.targets = targets
    }

    /// The internet users for `year`: its own, else the latest earlier year's (their `year` says which).
    public func internetUsers(for year: Int) -> ReachReport.InternetUsers? {
        internetUsers.keys.filter { $0 <= year }.max().flatMap { internetUsers[$0] }
    }

    /// The target for `year`: its own, else the latest earlier year's, with the year it was set for.
    public func target(for year: Int) -> (year: Int, rate: Double)? {
        targets.keys.filter { $0 <= year }.max().flatMap { from in targets[from].map { (from, $0) } }
    }
}
