import Testing

@testable import QRCode

@Suite("Mask penalty rules")
struct QRPenaltyTests {
    /// 11 × 11, all light but for a finder-like 1:1:3:1:1 run with four light modules after it
    /// along the top row: 10111010000.
    private static let matrix: QRMatrix = {
        var matrix = QRMatrix(size: 11)
        for column in [0, 2, 3, 4, 6] { matrix[0, column] = true }
        return matrix
    }()

    @Test("Rule 1: 10 light rows of 11 (9 each), 5 columns with 10 light after a dark (8 each), 6 light columns (9 each)")
    func runs() {
        #expect(QRPenalty.runs(Self.matrix) == 10 * 9 + 5 * 8 + 6 * 9)
    }

    @Test("Rule 2: 90 light 2 × 2 squares below the top row and 3 touching it, 3 points each")
    func blocks() {
        #expect(QRPenalty.blocks(Self.matrix) == (90 + 3) * 3)
    }

    @Test("Rule 3: the top row's finder-like run, once")
    func finderLikePatterns() {
        #expect(QRPenalty.finderLikePatterns(Self.matrix) == 40)
    }

    @Test("Rule 4: 5 dark modules of 121 are 4 % dark, 9 full steps of 5 % from half")
    func balance() {
        #expect(QRPenalty.balance(Self.matrix) == 90)
        var half = QRMatrix(size: 2)
        half[0, 0] = true
        half[1, 1] = true
        #expect(QRPenalty.balance(half) == 0)
    }

    @Test("The chosen mask scores no more than any other")
    func lowestPenaltyWins() throws {
        let code = try QRCode("https://safeskills.example/join/K7MQ3TPX")
        let chosen = QRPenalty.score(code.matrix)
        let version = QRVersion(code.version)
        let data = QRCodewords.data(Array("https://safeskills.example/join/K7MQ3TPX".utf8), version: version, level: .medium)
        let codewords = QRCodewords.interleaved(data, version: version, level: .medium)
        for mask in QRMask.all {
            var patterns = QRFunctionPatterns(version: version)
            patterns.drawFormat(QRInformationBits.format(.medium, mask: mask))
            let candidate = QRDataPlacement.place(codewords, in: patterns, mask: mask)
            if mask == code.mask { #expect(candidate == code.matrix) }
            #expect(chosen <= QRPenalty.score(candidate), "mask \(mask.number)")
        }
    }
}
