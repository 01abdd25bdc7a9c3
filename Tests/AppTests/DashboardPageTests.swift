import Domain
import Foundation
import Testing

@testable import App

@Suite struct DashboardPageTests {
    @Test func numbersAndDaysAreWrittenAsEachLanguageWritesThem() {
        let vi = DashboardPage.Words(.vi)
        let en = DashboardPage.Words(.en)
        #expect(vi.integer(1_234_567) == "1.234.567" && en.integer(1_234_567) == "1,234,567")
        #expect(vi.integer(999) == "999" && en.integer(0) == "0")
        #expect(vi.count(nil) == "<10" && en.count(12) == "12")
        #expect(vi.percent(0.4567) == "45,7%" && en.percent(0.4567) == "45.7%")
        #expect(en.target(0.8) == "80%" && en.target(0.705) == "70.5%")
        #expect(vi.day("2026-11-26") == "26/11/2026" && en.day("2026-11-26") == "26 Nov 2026")
        #expect(en.day("not a day") == "not a day")
    }

    func view(_ provinces: [DashboardView.ProvinceRow]) -> DashboardView {
        var view = DashboardView(language: .en, asOf: "2026-01-10", year: 2026, provincesAsOf: "2025-12-31", methodologyVersion: "1")
        view.reached = 1_000
        view.target = 0.8
        view.provinces = provinces
        return view
    }

    @Test func aLaggingReplicaIsSaidInOneLineInEitherLanguage() {
        var view = view([])
        #expect(!DashboardPage.page(view).contains("Figures as of"), "current figures need no line")
        view.freshness = .init(exactAsOf: "14:02:10", fallback: false, lagSeconds: 75)
        #expect(DashboardPage.page(view).contains("Figures as of 14:02:10 (replica 75 s behind)."))
        view.language = .vi
        #expect(DashboardPage.page(view).contains("Số liệu tính đến 14:02:10 (bản sao chậm 75 giây)."))
    }

    @Test func provincesAreRankedByRateWhenEveryOneHasOneAndWithheldOnesComeLast() {
        let html = DashboardPage.page(
            view([
                .init(code: "a", name: "Alpha", people: 500, rate: 0.2),
                .init(code: "b", name: "Beta", people: 100, rate: 0.6),
                .init(code: "c", name: "Gamma", people: nil, rate: nil),
            ])
        )
        #expect(html.contains("Ranked by reach rate"))
        let positions = ["Beta", "Alpha", "Gamma"].map { html.range(of: $0)?.lowerBound }
        #expect(positions.allSatisfy { $0 != nil })
        #expect(positions[0]! < positions[1]! && positions[1]! < positions[2]!, "by rate, withheld last")
        #expect(html.contains("&lt;10"))

        let byPeople = DashboardPage.page(
            view([
                .init(code: "a", name: "Alpha", people: 500, rate: nil),
                .init(code: "b", name: "Beta", people: 100, rate: 0.6),
            ])
        )
        #expect(byPeople.contains("ranked by people reached"))
        #expect(byPeople.range(of: "Alpha")!.lowerBound < byPeople.range(of: "Beta")!.lowerBound)
    }

    @Test func everyNameIsEscaped() {
        var hostile = view([.init(code: "x", name: "<script>alert(1)</script>", people: 50, rate: nil)])
        hostile.funnel = [.init(courseID: "c", title: "\"><img src=x onerror=alert(1)>", enrolled: 20, learned: nil, completed: 0, certified: 0)]
        hostile.internetUsers = 1_000_000
        hostile.internetUsersSource = "<b>source</b>"
        let html = DashboardPage.page(hostile)
        #expect(!html.contains("<script>") && !html.contains("<img") && !html.contains("<b>source"))
        #expect(html.contains("&lt;script&gt;") && html.contains("&lt;b&gt;source"))
    }
}
