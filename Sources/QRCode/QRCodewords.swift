/// The codeword sequence of a symbol (ISO/IEC 18004, 7.4 to 7.6): the text as one byte-mode
/// segment, padded to the version's data capacity, cut into blocks, each block given its
/// Reed–Solomon codewords, and the blocks interleaved so that a smudge across neighbouring
/// modules damages several blocks a little rather than one beyond repair.
enum QRCodewords {
    /// The mode indicator of byte mode (table 2).
    private static let byteMode = 0b0100
    /// The pad codewords that fill unused capacity, alternately (7.4.10).
    private static let padBytes: [UInt8] = [0xEC, 0x11]

    /// The data codewords of `bytes` at `version` and `level`; the caller has checked that they fit.
    static func data(_ bytes: [UInt8], version: QRVersion, level: QRErrorCorrection) -> [UInt8] {
        let capacityBits = version.blocks(level).dataCodewords * 8
        var buffer = BitBuffer()
        buffer.append(byteMode, bitCount: 4)
        buffer.append(bytes.count, bitCount: version.characterCountBits)
        for byte in bytes { buffer.append(Int(byte), bitCount: 8) }
        precondition(buffer.count <= capacityBits, "\(bytes.count) bytes do not fit version \(version.number)-\(level.letter)")
        // The terminator: up to four zero bits, fewer when the capacity ends sooner.
        buffer.append(0, bitCount: min(4, capacityBits - buffer.count))
        buffer.append(0, bitCount: (8 - buffer.count % 8) % 8)
        let codewords = buffer.bytes
        let padCount = capacityBits / 8 - codewords.count
        return codewords + (0..<padCount).map { padBytes[$0 % 2] }
    }

    /// The data codewords split into blocks and each block's correction codewords computed, then
    /// all read out column by column: every block's first data codeword, then every block's
    /// second, and so on (the shorter blocks run out first), then the correction codewords alike.
    static func interleaved(_ data: [UInt8], version: QRVersion, level: QRErrorCorrection) -> [UInt8] {
        let blocks = version.blocks(level)
        let code = ReedSolomon(errorCorrectionCodewords: blocks.errorCorrectionPerBlock)
        var dataBlocks: [ArraySlice<UInt8>] = []
        var start = data.startIndex
        for group in blocks.groups {
            for _ in 0..<group.count {
                dataBlocks.append(data[start..<start + group.dataCodewords])
                start += group.dataCodewords
            }
        }
        let correctionBlocks = dataBlocks.map { code.errorCorrection(for: Array($0)) }

        var result: [UInt8] = []
        result.reserveCapacity(blocks.totalCodewords)
        let longest = dataBlocks.map(\.count).max() ?? 0
        for offset in 0..<longest {
            for block in dataBlocks where offset < block.count {
                result.append(block[block.startIndex + offset])
            }
        }
        for offset in 0..<blocks.errorCorrectionPerBlock {
            for block in correctionBlocks { result.append(block[offset]) }
        }
        return result
    }
}
