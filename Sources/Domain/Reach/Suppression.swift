/// Withholds small counts in a table of people, and whatever would give them away.
///
/// Primary: every cell from 1 to 9 is withheld (zeros are shown). Secondary: a row or column
/// with exactly one withheld cell would let anyone compute it from the line's total (which
/// other tables publish), so another cell of that line is withheld too, the smallest non-zero
/// one first (a zero only when there is no other). This repeats until no line has exactly one
/// withheld cell. Reasoning and limits: docs/reach-methodology.md.
public enum Suppression {
    public static func apply(_ table: [[Int]], smallestShown: Int = ReachReport.smallestShown) -> [[Int?]] {
        let rows = table.count
        let columns = table.first?.count ?? 0
        var withheld = table.map { row in row.map { (1..<smallestShown).contains($0) } }
        var changed = true
        while changed {
            changed = false
            let lines: [[(Int, Int)]] =
                (0..<rows).map { r in (0..<columns).map { (r, $0) } }
                + (0..<columns).map { c in (0..<rows).map { ($0, c) } }
            for line in lines where line.count >= 2 {
                guard line.filter({ withheld[$0.0][$0.1] }).count == 1 else { continue }
                let candidates = line.filter { !withheld[$0.0][$0.1] }
                let pick = candidates.filter { table[$0.0][$0.1] > 0 }.min { table[$0.0][$0.1] < table[$1.0][$1.1] } ?? candidates.first
                if let (r, c) = pick {
                    withheld[r][c] = true
                    changed = true
                }
            }
        }
        return table.enumerated().map { r, row in row.enumerated().map { c, value in withheld[r][c] ? nil : value } }
    }
}
