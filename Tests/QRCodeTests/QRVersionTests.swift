import Testing

@testable import QRCode

@Suite("Versions, capacities and codewords")
struct QRVersionTests {
    @Test("The block table fills exactly the data modules each version leaves, bar the remainder bits", arguments: QRVersion.supported)
    func blockTableMatchesTheGeometry(number: Int) {
        let version = QRVersion(number)
        let patterns = QRFunctionPatterns(version: version)
        var dataModules = 0
        for row in 0..<version.size {
            for column in 0..<version.size where !patterns.isFunction(row: row, column: column) { dataModules += 1 }
        }
        let remainderBits = (2...6).contains(number) ? 7 : 0
        for level in QRErrorCorrection.allCases {
            #expect(version.blocks(level).totalCodewords * 8 + remainderBits == dataModules, "version \(number) \(level.letter)")
        }
    }

    @Test(
        "Byte-mode capacities at each level (table 7)",
        arguments: [
            (QRErrorCorrection.low, [17, 32, 53, 78, 106, 134, 154, 192, 230, 271]),
            (.medium, [14, 26, 42, 62, 84, 106, 122, 152, 180, 213]),
            (.quartile, [11, 20, 32, 46, 60, 74, 86, 108, 130, 151]),
            (.high, [7, 14, 24, 34, 44, 58, 64, 84, 98, 119]),
        ]
    )
    func capacities(level: QRErrorCorrection, expected: [Int]) {
        #expect(QRVersion.supported.map { QRVersion($0).byteCapacity(level) } == expected)
    }

    @Test("The smallest version that holds the text is chosen, the next one a byte later", arguments: QRErrorCorrection.allCases)
    func smallestVersion(level: QRErrorCorrection) throws {
        for number in QRVersion.supported {
            let capacity = QRVersion(number).byteCapacity(level)
            #expect(try QRCode(String(repeating: "a", count: capacity), errorCorrection: level).version == number)
            if number < QRVersion.supported.upperBound {
                #expect(try QRCode(String(repeating: "a", count: capacity + 1), errorCorrection: level).version == number + 1)
            }
        }
    }

    @Test("Byte mode: indicator 0100, an 8-bit count, the bytes, the terminator, then pad codewords 0xEC 0x11")
    func dataCodewords() {
        let data = QRCodewords.data(Array("Hi".utf8), version: QRVersion(1), level: .medium)
        // 0100 00000010 01001000 01101001 0000, then pad codewords to 16.
        #expect(data == [0x40, 0x24, 0x86, 0x90, 0xEC, 0x11, 0xEC, 0x11, 0xEC, 0x11, 0xEC, 0x11, 0xEC, 0x11, 0xEC, 0x11])
    }

    @Test("Version 10 counts bytes in 16 bits")
    func sixteenBitCount() {
        let bytes = [UInt8](repeating: 0x61, count: 200)
        let data = QRCodewords.data(bytes, version: QRVersion(10), level: .medium)
        #expect(Array(data.prefix(3)) == [0x40, 0x0C, 0x86])
    }

    @Test("Blocks are interleaved: data codewords column by column, the longer blocks last, then correction")
    func interleaving() {
        // Version 5-Q: two blocks of 15 data codewords, two of 16, 18 correction codewords each.
        let data = (0..<62).map { UInt8($0) }
        let codewords = QRCodewords.interleaved(data, version: QRVersion(5), level: .quartile)
        #expect(codewords.count == 134)
        #expect(Array(codewords.prefix(8)) == [0, 15, 30, 46, 1, 16, 31, 47])
        #expect(Array(codewords[56..<62]) == [14, 29, 44, 60, 45, 61])
        let firstBlockCorrection = ReedSolomon(errorCorrectionCodewords: 18).errorCorrection(for: Array(data[0..<15]))
        #expect(codewords[62] == firstBlockCorrection[0])
        #expect(codewords[66] == firstBlockCorrection[1])
    }
}
