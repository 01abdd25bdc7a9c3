/// The penalty score of a masked symbol (7.8.3): the encoder keeps the mask with the lowest, so
/// that the symbol has as few features as possible that confuse a reader. The whole symbol is
/// scored, function patterns included, as the standard does.
enum QRPenalty {
    /// The four rules' points added up.
    static func score(_ matrix: QRMatrix) -> Int {
        runs(matrix) + blocks(matrix) + finderLikePatterns(matrix) + balance(matrix)
    }

    /// Rule 1: each run of five or more same-coloured modules in a row or a column costs 3, plus 1
    /// for each module past the fifth.
    static func runs(_ matrix: QRMatrix) -> Int {
        var points = 0
        for line in lines(matrix) {
            var runLength = 1
            for index in 1...line.count {
                if index < line.count && line[index] == line[index - 1] {
                    runLength += 1
                } else {
                    if runLength >= 5 { points += runLength - 2 }
                    runLength = 1
                }
            }
        }
        return points
    }

    /// Rule 2: each 2 × 2 square of one colour costs 3 (overlapping squares each count, which is
    /// the same as the standard's m × n blocks scored 3 × (m − 1) × (n − 1)).
    static func blocks(_ matrix: QRMatrix) -> Int {
        var points = 0
        for row in 0..<matrix.size - 1 {
            for column in 0..<matrix.size - 1 {
                let colour = matrix[row, column]
                if matrix[row, column + 1] == colour, matrix[row + 1, column] == colour, matrix[row + 1, column + 1] == colour {
                    points += 3
                }
            }
        }
        return points
    }

    /// Rule 3: each dark-light-dark-dark-dark-light-dark run (1:1:3:1:1, a finder's profile) with
    /// four light modules on one side, in a row or a column, costs 40.
    static func finderLikePatterns(_ matrix: QRMatrix) -> Int {
        let pattern: [Bool] = [true, false, true, true, true, false, true, false, false, false, false]
        let reversed = Array(pattern.reversed())
        var points = 0
        for line in lines(matrix) where line.count >= pattern.count {
            for start in 0...(line.count - pattern.count) {
                let window = line[start..<start + pattern.count]
                if window.elementsEqual(pattern) { points += 40 }
                if window.elementsEqual(reversed) { points += 40 }
            }
        }
        return points
    }

    /// Rule 4: 10 points for each full 5 % that the share of dark modules is away from 50 %.
    static func balance(_ matrix: QRMatrix) -> Int {
        var dark = 0
        for row in 0..<matrix.size {
            for column in 0..<matrix.size where matrix[row, column] { dark += 1 }
        }
        let total = matrix.size * matrix.size
        // |dark / total − 1/2| in whole steps of 1/20, in integers: |20 dark − 10 total| / total.
        return abs(20 * dark - 10 * total) / total * 10
    }

    /// Every row and every column, as lines of module colours.
    private static func lines(_ matrix: QRMatrix) -> [[Bool]] {
        let indices = 0..<matrix.size
        let rows = indices.map { row in indices.map { matrix[row, $0] } }
        let columns = indices.map { column in indices.map { matrix[$0, column] } }
        return rows + columns
    }
}
