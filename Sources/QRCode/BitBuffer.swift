/// Bits appended most significant first, as the data stream and the codewords are written.
struct BitBuffer: Sendable {
    private(set) var bits: [Bool] = []

    var count: Int { bits.count }

    mutating func append(_ value: Int, bitCount: Int) {
        precondition(value >= 0 && value >> bitCount == 0, "\(value) does not fit in \(bitCount) bits")
        for shift in stride(from: bitCount - 1, through: 0, by: -1) {
            bits.append((value >> shift) & 1 == 1)
        }
    }

    /// The bits as bytes; the count must be a whole number of bytes.
    var bytes: [UInt8] {
        precondition(bits.count % 8 == 0, "\(bits.count) bits are not whole bytes")
        return stride(from: 0, to: bits.count, by: 8).map { start in
            bits[start..<start + 8].reduce(0) { $0 << 1 | ($1 ? 1 : 0) }
        }
    }
}
