import APIContract
import Domain
import Foundation
import Persistence

/// Gathers what the dashboard shows from the same stores and rules as the statistics API, so a
/// figure on the page is the figure the API gives (suppression included).
struct DashboardFigures {
    let handlers: APIHandlers

    func view(language: Language) async throws -> DashboardView {
        let now = handlers.clock.now()
        let today = VietnamCalendar.day(of: now)
        let year = VietnamCalendar.year(of: now)
        let lastMonthEnd = ReachDimension.monthEnd(onOrBefore: today)
        let logger = handlers.logger
        let figures = try await handlers.database.withConnection { connection in
            (
                day: try await ReachDay.load(today, on: connection, logger: logger),
                years: try await ReachStore.yearFigures(2020...year, on: connection, logger: logger),
                provinceUsers: try await ReachStore.provinceInternetUsers(year: Int(lastMonthEnd.prefix(4))!, on: connection, logger: logger),
                monthly: try await ReachStore.monthlyBreakdown([.sex], through: lastMonthEnd, on: connection, logger: logger),
                provinces: try await ReachStore.breakdown([.province], upTo: lastMonthEnd, on: connection, logger: logger),
                names: try await ReferenceStore.rows(.provinces, on: connection, logger: logger),
                funnel: try await StatisticsStore.funnel(upTo: today, on: connection, logger: logger)
            )
        }
        let (report, projection) = (figures.day.report, figures.day.projection)
        var view = DashboardView(language: language, asOf: today, year: year, provincesAsOf: lastMonthEnd, methodologyVersion: ReachReport.methodologyVersion)
        view.reached = report.people[.reached] ?? nil
        view.learned = report.people[.learned] ?? nil
        view.completedCourse = report.people[.completedCourse] ?? nil
        view.certified = report.people[.certified] ?? nil
        view.internetUsers = report.internetUsers?.users
        view.internetUsersSource = report.internetUsers?.source
        view.internetUsersStatus = report.internetUsers?.status
        view.rate = report.rate
        view.target = report.target
        view.gap = report.gap
        view.expectedOn = projection?.expectedOn
        view.onTrack = projection?.onTrack
        view.projectionMethod = projection.map { _ in ReachProjection.method }
        view.projectionWindowDays = ReachProjection.windowDays
        view.devices = ReachReport.isSmall(figures.day.devices) ? nil : figures.day.devices
        view.outsideReportsPeople = figures.day.outside.people
        view.national = national(figures.monthly, years: figures.years) + [.init(day: today, rate: report.rate, target: report.target)]
        view.provinces = provinces(figures.provinces, asOf: lastMonthEnd, users: figures.provinceUsers, names: figures.names)
        view.funnel = try await funnel(figures.funnel, language: language)
        return view
    }

    /// The national rate at every month end since the first person was reached: each month's
    /// people (the `sex` cut holds everyone once) added up, over that year's internet users.
    func national(
        _ monthly: [(monthEnd: String, level: ReachLevel, values: [String], people: Int)],
        years: (internetUsers: [Int: ReachReport.InternetUsers], targets: [Int: Double])
    ) -> [DashboardView.RatePoint] {
        var reached = 0
        var points: [DashboardView.RatePoint] = []
        let months = Dictionary(grouping: monthly.filter { $0.level == .reached }, by: \.monthEnd)
        for monthEnd in months.keys.sorted() {
            reached += months[monthEnd]!.map(\.people).reduce(0, +)
            let year = Int(monthEnd.prefix(4))!
            let report = ReachReport(
                asOf: monthEnd, year: year, counts: [.reached: reached], internetUsers: years.internetUsers[year], target: years.targets[year]
            )
            points.append(.init(day: monthEnd, rate: report.rate, target: report.target))
        }
        return points
    }

    /// Provinces as the API's breakdown shows them (suppressed the same way), with a rate where
    /// the province's internet users are loaded.
    func provinces(
        _ cells: [(level: ReachLevel, values: [String], people: Int)], asOf: String, users: [String: Int], names: ReferenceRows
    ) -> [DashboardView.ProvinceRow] {
        guard case .provinces(let provinces) = names else { return [] }
        let name = Dictionary(uniqueKeysWithValues: provinces.map { ($0.code, $0.name) })
        return APIHandlers.breakdown(cells, dimensions: [.province], asOf: asOf, provinceUsers: users).rows.map { row in
            DashboardView.ProvinceRow(code: row.values[0], name: name[row.values[0]] ?? row.values[0], people: row.reached, rate: row.rate)
        }
    }

    func funnel(_ counts: [StatisticsStore.FunnelCounts], language: Language) async throws -> [DashboardView.FunnelRow] {
        var rows: [DashboardView.FunnelRow] = []
        for course in counts {
            let row = APIHandlers.funnelRow(course)
            // Manifests are cached after their first read, so this is no query per course once warm.
            var title: String?
            if let live = handlers.catalog.live(course.courseID) {
                title = try await handlers.catalog.manifest(course.courseID, version: live.version, database: handlers.database)?.pack.title.text(in: language)
            }
            rows.append(.init(
                courseID: course.courseID, title: title ?? course.courseID,
                enrolled: row.enrolled, learned: row.learned, completed: row.completed, certified: row.certified
            ))
        }
        return rows
    }
}
