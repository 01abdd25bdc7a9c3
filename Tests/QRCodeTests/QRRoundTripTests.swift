import TestSupport
import Testing

@testable import QRCode

/// Each symbol rendered and read back by a real decoder (`ZBarDecoder`), which would refuse a
/// wrong format or version field, a misplaced module or a bad Reed–Solomon block.
@Suite("Round trip through rsvg-convert and zbarimg")
struct QRRoundTripTests {
    /// 8 pixels per module: what a printer or a screen gives a phone, without blur.
    private static func decoded(_ code: QRCode) async throws -> String {
        try await ZBarDecoder.decode(svg: code.svg(label: "QR code", pixelSize: (code.matrix.size + 8) * 8))
    }

    @Test(
        "The texts SafeSkills prints",
        arguments: [
            "K7MQ-3TPX",
            "https://safeskills.example/join/K7MQ3TPX",
            "Lớp An toàn số – xã Tân Phú",
        ]
    )
    func printedTexts(text: String) async throws {
        let code = try QRCode(text)
        #expect(code.errorCorrection == .medium)
        #expect(try await Self.decoded(code) == text)
    }

    @Test("Texts filling versions 1, 2, 5, 7 and 10 at level M", arguments: [1, 2, 5, 7, 10])
    func versions(number: Int) async throws {
        let text = Self.text(bytes: QRVersion(number).byteCapacity(.medium))
        let code = try QRCode(text)
        #expect(code.version == number)
        #expect(try await Self.decoded(code) == text)
    }

    @Test("Every error correction level, at a version with one block and one with two groups", arguments: QRErrorCorrection.allCases)
    func levels(level: QRErrorCorrection) async throws {
        for number in [1, 8] {
            let text = Self.text(bytes: QRVersion(number).byteCapacity(level))
            let code = try QRCode(text, errorCorrection: level)
            #expect(code.version == number)
            #expect(code.errorCorrection == level)
            #expect(try await Self.decoded(code) == text, "version \(number) \(level.letter)")
        }
    }

    @Test("Every mask is read back: the texts below are chosen so that each mask wins once", arguments: QRMask.all)
    func masks(mask: QRMask) async throws {
        let text = try #require(Self.textChoosing(mask), "no short text chooses mask \(mask.number)")
        #expect(try await Self.decoded(QRCode(text)) == text)
    }

    /// A text of exactly `bytes` UTF-8 bytes, varied enough to look like real data.
    private static func text(bytes: Int) -> String {
        let alphabet = Array("SafeSkills-join/K7MQ3TPX?lop=7A&ma=")
        return String((0..<bytes).map { alphabet[($0 * 7 + $0 / alphabet.count) % alphabet.count] })
    }

    /// The first of a run of join-code-like texts whose symbol uses `mask`.
    private static func textChoosing(_ mask: QRMask) -> String? {
        (0..<2000).lazy.map { "JOIN-\($0)" }.first { (try? QRCode($0))?.mask == mask }
    }
}
