import Domain
import Testing

@Suite struct ReachDimensionTests {
    @Test(arguments: [("2026-03-31", "2026-03-31"), ("2026-03-30", "2026-02-28"), ("2024-03-01", "2024-02-29"), ("2026-01-15", "2025-12-31")])
    func groupedFiguresAreTakenAtTheLastMonthEnd(day: String, expected: String) {
        #expect(ReachDimension.monthEnd(onOrBefore: day) == expected)
    }
}
