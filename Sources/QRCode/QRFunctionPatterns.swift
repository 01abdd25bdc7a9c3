/// The modules of a version that carry no data (7.3): finder patterns with their separators,
/// timing patterns, alignment patterns, the dark module, and the areas kept for the format and
/// version information. Data goes only where `isFunction` is false.
struct QRFunctionPatterns: Sendable {
    let version: QRVersion
    /// The patterns drawn; the format information areas stay light until `drawFormat`.
    private(set) var matrix: QRMatrix
    private var reserved: [Bool]

    init(version: QRVersion) {
        self.version = version
        matrix = QRMatrix(size: version.size)
        reserved = [Bool](repeating: false, count: version.size * version.size)
        let last = version.size - 1

        // Timing patterns first: the finders drawn after them overwrite their ends.
        for index in 0..<version.size {
            set(row: 6, column: index, dark: index % 2 == 0)
            set(row: index, column: 6, dark: index % 2 == 0)
        }
        drawFinder(centreRow: 3, centreColumn: 3)
        drawFinder(centreRow: 3, centreColumn: last - 3)
        drawFinder(centreRow: last - 3, centreColumn: 3)

        let centres = version.alignmentCentres
        for row in centres {
            for column in centres where !overlapsFinder(row: row, column: column) {
                drawAlignment(centreRow: row, centreColumn: column)
            }
        }

        // Reserve the format information areas beside the finders, and the dark module that
        // always sits above the bottom-left one.
        for index in 0...8 {
            reserve(row: 8, column: index)
            reserve(row: index, column: 8)
        }
        for index in 0..<8 {
            reserve(row: 8, column: last - index)
            reserve(row: last - index, column: 8)
        }
        set(row: last - 7, column: 8, dark: true)

        if version.number >= 7 { drawVersion() }
    }

    func isFunction(row: Int, column: Int) -> Bool {
        reserved[row * version.size + column]
    }

    /// Writes the 15 format information bits in both copies: around the top-left finder, and
    /// split between the bottom-left and top-right ones (figure 25), least significant bit first
    /// along each path so that a reader finds them where it looks.
    mutating func drawFormat(_ bits: UInt32) {
        let last = version.size - 1
        func bit(_ index: Int) -> Bool { (bits >> index) & 1 == 1 }
        // First copy: down column 8 from row 0 (skipping the timing row), then left along row 8.
        for index in 0...5 { matrix[index, 8] = bit(index) }
        matrix[7, 8] = bit(6)
        matrix[8, 8] = bit(7)
        matrix[8, 7] = bit(8)
        for index in 9..<15 { matrix[8, 14 - index] = bit(index) }
        // Second copy: right to left along row 8 at the top right, then down column 8 at the bottom left.
        for index in 0..<8 { matrix[8, last - index] = bit(index) }
        for index in 8..<15 { matrix[last - 14 + index, 8] = bit(index) }
    }

    /// The 18 version information bits, in the 6 × 3 blocks above the bottom-left finder and left
    /// of the top-right one (mirror images of each other).
    private mutating func drawVersion() {
        let bits = QRInformationBits.version(version)
        for index in 0..<18 {
            let dark = (bits >> index) & 1 == 1
            let near = index / 3
            let far = version.size - 11 + index % 3
            set(row: far, column: near, dark: dark)
            set(row: near, column: far, dark: dark)
        }
    }

    /// A 7 × 7 finder (dark ring, light ring, dark 3 × 3 centre) and the light separator around it,
    /// clipped at the symbol's edge.
    private mutating func drawFinder(centreRow: Int, centreColumn: Int) {
        for dRow in -4...4 {
            for dColumn in -4...4 {
                let row = centreRow + dRow
                let column = centreColumn + dColumn
                guard (0..<version.size).contains(row), (0..<version.size).contains(column) else { continue }
                let ring = max(abs(dRow), abs(dColumn))
                set(row: row, column: column, dark: ring != 2 && ring != 4)
            }
        }
    }

    /// A 5 × 5 alignment pattern: dark ring, light ring, dark centre module.
    private mutating func drawAlignment(centreRow: Int, centreColumn: Int) {
        for dRow in -2...2 {
            for dColumn in -2...2 {
                set(row: centreRow + dRow, column: centreColumn + dColumn, dark: max(abs(dRow), abs(dColumn)) != 1)
            }
        }
    }

    /// Whether an alignment pattern centred here would cover a finder: the centre pairs at the
    /// top-left, top-right and bottom-left corners are left out (7.3.5).
    private func overlapsFinder(row: Int, column: Int) -> Bool {
        let first = 6
        let last = version.size - 7
        return (row == first && column == first) || (row == first && column == last) || (row == last && column == first)
    }

    private mutating func set(row: Int, column: Int, dark: Bool) {
        matrix[row, column] = dark
        reserve(row: row, column: column)
    }

    private mutating func reserve(row: Int, column: Int) {
        reserved[row * version.size + column] = true
    }
}
