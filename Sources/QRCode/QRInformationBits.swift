/// The two BCH-protected fields a reader decodes before any data: the format information (level
/// and mask, 7.9) and, from version 7, the version information (7.10). Both are the field's bits
/// followed by the remainder of their division by a generator polynomial over GF(2), so a reader
/// can correct a few misread modules.
enum QRInformationBits {
    /// The 15 format information bits for `level` and `mask`: 5 data bits, 10 BCH(15,5) bits with
    /// generator x¹⁰ + x⁸ + x⁵ + x⁴ + x² + x + 1 (0x537), XORed with 0x5412 so that no
    /// combination gives all light modules.
    static func format(_ level: QRErrorCorrection, mask: QRMask) -> UInt32 {
        let data = level.formatBits << 3 | UInt32(mask.number)
        return (data << 10 | remainder(of: data << 10, generator: 0x537)) ^ 0x5412
    }

    /// The 18 version information bits: the 6-bit version number and 12 BCH(18,6) bits with
    /// generator x¹² + x¹¹ + x¹⁰ + x⁹ + x⁸ + x⁵ + x² + 1 (0x1F25). Only versions 7 and up carry it.
    static func version(_ version: QRVersion) -> UInt32 {
        let data = UInt32(version.number)
        return data << 12 | remainder(of: data << 12, generator: 0x1F25)
    }

    /// The remainder of the GF(2) polynomial division of `value` by `generator`.
    private static func remainder(of value: UInt32, generator: UInt32) -> UInt32 {
        let generatorDegree = 31 - generator.leadingZeroBitCount
        var value = value
        while value != 0, 31 - value.leadingZeroBitCount >= generatorDegree {
            value ^= generator << (31 - value.leadingZeroBitCount - generatorDegree)
        }
        return value
    }
}
