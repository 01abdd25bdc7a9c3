/// A symbol version (1 to 10 here): its size, where its alignment patterns go, and how its
/// codewords split into data and error correction blocks at each level.
///
/// Versions stop at 10 because the texts this programme prints (join codes, sign-in links) fit
/// in far less: version 10 at level M holds 213 bytes, and a larger symbol printed on a card is
/// harder for an old phone camera to read.
struct QRVersion: Sendable, Equatable {
    /// One group of equally sized blocks: `count` blocks of `dataCodewords` data codewords each.
    struct BlockGroup: Sendable, Equatable {
        let count: Int
        let dataCodewords: Int
    }

    /// How one level splits the codewords: every block has the same number of error correction
    /// codewords; the second group, where there is one, has one more data codeword per block.
    struct Blocks: Sendable, Equatable {
        let errorCorrectionPerBlock: Int
        let groups: [BlockGroup]

        var dataCodewords: Int { groups.reduce(0) { $0 + $1.count * $1.dataCodewords } }
        var blockCount: Int { groups.reduce(0) { $0 + $1.count } }
        var totalCodewords: Int { dataCodewords + blockCount * errorCorrectionPerBlock }
    }

    let number: Int

    static let supported = 1...10

    static var largest: QRVersion { QRVersion(supported.upperBound) }

    init(_ number: Int) {
        precondition(Self.supported.contains(number), "QR version \(number) is not supported")
        self.number = number
    }

    /// Modules on a side: 21 for version 1, four more for each version after it.
    var size: Int { 17 + 4 * number }

    /// Bits of the byte-mode character count: 8 up to version 9, 16 from version 10 (table 3).
    var characterCountBits: Int { number < 10 ? 8 : 16 }

    /// The row and column centres of the alignment patterns (annex E); a pattern sits at every
    /// pairing of them except the three that would cover a finder pattern.
    var alignmentCentres: [Int] {
        switch number {
        case 1: []
        case 2: [6, 18]
        case 3: [6, 22]
        case 4: [6, 26]
        case 5: [6, 30]
        case 6: [6, 34]
        case 7: [6, 22, 38]
        case 8: [6, 24, 42]
        case 9: [6, 26, 46]
        default: [6, 28, 50]
        }
    }

    /// The error correction characteristics of table 9 for this version and level.
    func blocks(_ level: QRErrorCorrection) -> Blocks {
        let levels = Self.blockTable[number - 1]
        let entry =
            switch level {
            case .low: levels[0]
            case .medium: levels[1]
            case .quartile: levels[2]
            case .high: levels[3]
            }
        var groups = [BlockGroup(count: entry.shortBlocks, dataCodewords: entry.shortData)]
        if entry.longBlocks > 0 { groups.append(BlockGroup(count: entry.longBlocks, dataCodewords: entry.shortData + 1)) }
        return Blocks(errorCorrectionPerBlock: entry.errorCorrection, groups: groups)
    }

    /// The most UTF-8 bytes one byte-mode segment can carry at this version and level: the data
    /// codewords less the mode indicator (4 bits) and the character count.
    func byteCapacity(_ level: QRErrorCorrection) -> Int {
        (blocks(level).dataCodewords * 8 - 4 - characterCountBits) / 8
    }

    /// The smallest supported version whose capacity at `level` holds `byteCount` bytes.
    static func smallest(holding byteCount: Int, at level: QRErrorCorrection) -> QRVersion? {
        supported.lazy.map(QRVersion.init).first { $0.byteCapacity(level) >= byteCount }
    }

    private typealias Entry = (errorCorrection: Int, shortBlocks: Int, shortData: Int, longBlocks: Int)

    /// Table 9, versions 1 to 10, levels L, M, Q, H in that order: error correction codewords per
    /// block, the blocks of the first group and their data codewords, and the blocks of the second
    /// group (each with one data codeword more).
    private static let blockTable: [[Entry]] = [
        [(7, 1, 19, 0), (10, 1, 16, 0), (13, 1, 13, 0), (17, 1, 9, 0)],
        [(10, 1, 34, 0), (16, 1, 28, 0), (22, 1, 22, 0), (28, 1, 16, 0)],
        [(15, 1, 55, 0), (26, 1, 44, 0), (18, 2, 17, 0), (22, 2, 13, 0)],
        [(20, 1, 80, 0), (18, 2, 32, 0), (26, 2, 24, 0), (16, 4, 9, 0)],
        [(26, 1, 108, 0), (24, 2, 43, 0), (18, 2, 15, 2), (22, 2, 11, 2)],
        [(18, 2, 68, 0), (16, 4, 27, 0), (24, 4, 19, 0), (28, 4, 15, 0)],
        [(20, 2, 78, 0), (18, 4, 31, 0), (18, 2, 14, 4), (26, 4, 13, 1)],
        [(24, 2, 97, 0), (22, 2, 38, 2), (22, 4, 18, 2), (26, 4, 14, 2)],
        [(30, 2, 116, 0), (22, 3, 36, 2), (20, 4, 16, 4), (24, 4, 12, 4)],
        [(18, 2, 68, 2), (26, 4, 43, 1), (24, 6, 19, 2), (28, 6, 15, 2)],
    ]
}
