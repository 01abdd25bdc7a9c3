import App
import Domain
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// The dashboard read on 5 December 2026, before anyone loaded 2026's internet users or target.
@Suite struct DashboardYearTests {
    static let fifthOfDecember2026 = Date(timeIntervalSince1970: 1_796_428_800)  // 2026-12-05 00:00 UTC

    @Test func aYearWithoutFiguresCarriesTheLastOnesForwardAndPastYearsCanBePicked() async throws {
        try await withTestApp(clock: .fixed(Self.fifthOfDecember2026)) { client, url in
            try await ReachFixtures.seed(url, ReachFixtures.people)
            let statistician = try await registerStatistician(client, url: url)
            var english = bearer(statistician.accessToken)
            english[.acceptLanguage] = "en"

            let today = String(buffer: try await client.execute(uri: "/dashboard", method: .get, headers: english).body)
            #expect(today.contains("Reach rate, 2026"))
            #expect(today.contains("No internet-users figure is loaded for 2026; the rate uses 2025&#39;s, carried forward"))
            #expect(today.contains("No target is set for 2026; 2025&#39;s target is carried forward."))
            #expect(today.contains("<span aria-current=\"page\">2026 (to date)</span>"))
            #expect(today.contains("href=\"/dashboard?lang=en&amp;year=2025\""))

            let final2025 = String(buffer: try await client.execute(uri: "/dashboard?year=2025", method: .get, headers: english).body)
            #expect(final2025.contains("Reach rate, 2025") && final2025.contains("31 Dec 2025"))
            #expect(!final2025.contains("is carried forward") && !final2025.contains("carried forward until"), "2025 has figures of its own")
            #expect(final2025.contains("<span aria-current=\"page\">2025</span>"))
            #expect(final2025.contains("href=\"/dashboard?lang=vi&amp;year=2025\""), "the picked year survives a change of language")

            for bad in ["2019", "2027", "last", ""] {
                try expectProblem(
                    try await client.execute(uri: "/dashboard?year=\(bad)", method: .get, headers: english),
                    status: .unprocessableContent,
                    type: "validation"
                )
            }
        }
    }
}
