import Testing

@testable import QRCode

@Suite("Format and version information")
struct QRInformationBitsTests {
    @Test(
        "Format information for known level and mask pairs (ISO/IEC 18004 annex C)",
        arguments: [
            (QRErrorCorrection.low, 0, 0b111_0111_1100_0100 as UInt32),
            (.low, 4, 0b110_0110_0010_1111),
            (.medium, 0, 0b101_0100_0001_0010),
            (.medium, 5, 0b100_0000_1100_1110),
            (.quartile, 0, 0b011_0101_0101_1111),
            (.high, 0, 0b001_0110_1000_1001),
            (.high, 7, 0b000_1000_0011_1011),
        ]
    )
    func formatInformation(level: QRErrorCorrection, mask: Int, expected: UInt32) {
        #expect(QRInformationBits.format(level, mask: QRMask.all[mask]) == expected)
    }

    @Test("Every format information differs from every other in at least 7 bits, so 3 misread modules are corrected")
    func formatInformationDistance() {
        let all = QRErrorCorrection.allCases.flatMap { level in QRMask.all.map { QRInformationBits.format(level, mask: $0) } }
        #expect(Set(all).count == 32)
        for (index, first) in all.enumerated() {
            for second in all[(index + 1)...] { #expect((first ^ second).nonzeroBitCount >= 7) }
        }
    }

    @Test("Version information for versions 7 to 10 (annex D)")
    func versionInformation() {
        #expect(QRInformationBits.version(QRVersion(7)) == 0x07C94)
        #expect(QRInformationBits.version(QRVersion(8)) == 0x085BC)
        #expect(QRInformationBits.version(QRVersion(9)) == 0x09A99)
        #expect(QRInformationBits.version(QRVersion(10)) == 0x0A4D3)
    }
}
