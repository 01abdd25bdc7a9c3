import Domain
import Foundation
import Services

/// The dashboard's view from the figures `ReachFigures.dashboard()` read with the same stores
/// and rules as the statistics API, so a figure on the page is the figure the API gives
/// (suppression included).
extension DashboardView {
    init(_ read: Sourced<ReachFigures.Dashboard>, language: Language) {
        let (figures, source) = (read.value, read.source)
        let report = figures.national.report
        let projection = figures.national.projection
        self.init(
            language: language,
            asOf: figures.asOf.text,
            year: figures.asOf.year,
            provincesAsOf: figures.provinces.asOf.text,
            methodologyVersion: ReachReport.methodologyVersion
        )
        reached = report.people[.reached] ?? nil
        learned = report.people[.learned] ?? nil
        completedCourse = report.people[.completedCourse] ?? nil
        certified = report.people[.certified] ?? nil
        internetUsers = report.internetUsers?.users
        internetUsersSource = report.internetUsers?.source
        internetUsersStatus = report.internetUsers?.status
        internetUsersYear = report.internetUsers?.year
        targetYear = report.targetYear
        years = figures.years
        rate = report.rate
        target = report.target
        gap = report.gap
        expectedOn = projection?.expectedOn
        onTrack = projection?.onTrack
        projectionMethod = projection.map { _ in ReachProjection.method }
        projectionWindowDays = ReachProjection.windowDays
        devices = ReachReport.isSmall(figures.national.devices) ? nil : figures.national.devices
        outsideReportsPeople = figures.national.outside.people
        national =
            figures.monthEndRates.map { RatePoint(day: $0.day.text, rate: $0.rate, target: $0.target) }
            + [RatePoint(day: figures.asOf.text, rate: report.rate, target: report.target)]
        provinces = figures.provinces.rows.map { row in
            ProvinceRow(
                code: row.values[0],
                name: figures.provinceNames[row.values[0]] ?? row.values[0],
                people: row.count(.reached),
                rate: row.rate,
                internetUsersYear: row.internetUsersYear
            )
        }
        if source.isWorthSaying {
            freshness = Freshness(
                exactAsOf: VietnamCalendar.timeOfDay(of: source.exactAsOf),
                fallback: source.kind == .primaryFallback,
                lagSeconds: Int(source.lagSeconds.rounded())
            )
        }
        funnel = figures.funnel.map { course in
            let shown = course.counts.shown
            return FunnelRow(
                courseID: course.counts.courseID,
                title: course.title?.text(in: language) ?? course.counts.courseID,
                enrolled: shown.enrolled,
                learned: shown.learned,
                completed: shown.completed,
                certified: shown.certified
            )
        }
    }
}
