import Testing

@testable import QRCode

@Suite("QRCode")
struct QRCodeTests {
    @Test("A text over version 10's capacity throws, naming its size and the limit")
    func tooLong() {
        let text = String(repeating: "x", count: 214)
        #expect(throws: QRCodeError.textTooLong(byteCount: 214, maximumByteCount: 213, errorCorrection: .medium)) {
            try QRCode(text)
        }
        do {
            _ = try QRCode(String(repeating: "é", count: 60), errorCorrection: .high)
            Issue.record("120 bytes fit level H")
        } catch {
            #expect(error.message.contains("120 bytes"))
            #expect(error.message.contains("level H holds at most 119 bytes"))
        }
    }

    @Test("The same text always gives the same symbol")
    func deterministic() throws {
        #expect(try QRCode("K7MQ-3TPX") == QRCode("K7MQ-3TPX"))
    }

    @Test("The function patterns: finders, separators, timing and the dark module")
    func functionPatterns() throws {
        let matrix = try QRCode("https://safeskills.example/join/K7MQ3TPX").matrix
        let last = matrix.size - 1
        for (top, left) in [(0, 0), (0, last - 6), (last - 6, 0)] {
            for row in 0..<7 {
                for column in 0..<7 {
                    let ring = max(abs(row - 3), abs(column - 3))
                    #expect(matrix[top + row, left + column] == (ring != 2), "finder at (\(top), \(left))")
                }
            }
        }
        for index in 0..<8 {
            #expect(!matrix[7, index] && !matrix[index, 7], "top-left separator")
            #expect(!matrix[7, last - index] && !matrix[last - 7, index], "separators")
        }
        for index in 8...(last - 8) {
            #expect(matrix[6, index] == (index % 2 == 0) && matrix[index, 6] == (index % 2 == 0), "timing")
        }
        #expect(matrix[last - 7, 8], "dark module")
    }

    @Test("The alignment pattern of version 2 sits at (18, 18)")
    func alignment() throws {
        let code = try QRCode(String(repeating: "a", count: 20))
        #expect(code.version == 2)
        for row in 16...20 {
            for column in 16...20 {
                #expect(code.matrix[row, column] == (max(abs(row - 18), abs(column - 18)) != 1))
            }
        }
    }

    @Test("Version 7 carries its version information in both corners, mirrored")
    func versionInformationModules() throws {
        let code = try QRCode(String(repeating: "a", count: 122))
        #expect(code.version == 7)
        let matrix = code.matrix
        for index in 0..<18 {
            let bit = (0x07C94 >> index) & 1 == 1
            #expect(matrix[matrix.size - 11 + index % 3, index / 3] == bit)
            #expect(matrix[index / 3, matrix.size - 11 + index % 3] == bit)
        }
    }

    @Test("Both copies of the format information give the chosen level and mask")
    func formatInformationModules() throws {
        let code = try QRCode("K7MQ-3TPX", errorCorrection: .quartile)
        let matrix = code.matrix
        let last = matrix.size - 1
        let expected = QRInformationBits.format(.quartile, mask: code.mask)
        let firstPath = [(0, 8), (1, 8), (2, 8), (3, 8), (4, 8), (5, 8), (7, 8), (8, 8), (8, 7)] + (9..<15).map { (8, 14 - $0) }
        let secondPath = (0..<8).map { (8, last - $0) } + (8..<15).map { (last - 14 + $0, 8) }
        for path in [firstPath, secondPath] {
            let read = path.enumerated().reduce(UInt32(0)) { bits, step in
                bits | (matrix[step.element.0, step.element.1] ? 1 << step.offset : 0)
            }
            #expect(read == expected)
        }
    }
}
