import Domain
import Testing

@Suite struct SuppressionTests {
    @Test func smallCellsAndWhatWouldRevealThemAreWithheld() {
        let result = Suppression.apply([[120, 3, 45], [0, 80, 17]])
        #expect(result[0][1] == nil, "3 is small")
        #expect(result[0][2] == nil, "the smallest other cell of its row hides it")
        #expect(result[1][1] == nil && result[1][2] == nil, "and so on for the columns touched")
        #expect(result[1][0] == 0, "zeros are shown")
        #expect(result[0][0] == 120)
    }

    /// Property: in every table, cells from 1 to 9 are withheld, shown cells keep their value, and
    /// no row or column of two or more cells has exactly one withheld cell.
    @Test func noWithheldCellCanBeDerivedFromALineTotal() {
        var random = SeededRandom(seed: 9)
        for _ in 0..<2_000 {
            let rows = Int.random(in: 1...6, using: &random)
            let columns = Int.random(in: 1...6, using: &random)
            let table = (0..<rows).map { _ in
                (0..<columns).map { _ in
                    [0, 0, Int.random(in: 1...9, using: &random), Int.random(in: 10...500, using: &random)].randomElement(using: &random)!
                }
            }
            let result = Suppression.apply(table)
            for r in 0..<rows {
                for c in 0..<columns {
                    if (1...9).contains(table[r][c]) { #expect(result[r][c] == nil) }
                    if let shown = result[r][c] { #expect(shown == table[r][c]) }
                }
            }
            let lines = (0..<rows).map { r in (0..<columns).map { result[r][$0] } } + (0..<columns).map { c in (0..<rows).map { result[$0][c] } }
            for line in lines where line.count >= 2 {
                #expect(line.filter { $0 == nil }.count != 1, "a single withheld cell in \(line) from \(table)")
            }
        }
    }
}
