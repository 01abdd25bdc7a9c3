/// How much of a symbol can be damaged and still be read: about 7 % (L), 15 % (M), 25 % (Q) or
/// 30 % (H) of its codewords. More correction leaves less room for the text, so a higher level
/// needs a larger version for the same text.
public enum QRErrorCorrection: Sendable, CaseIterable {
    case low
    case medium
    case quartile
    case high

    /// The two bits that stand for the level in the format information. They are not in the
    /// levels' order (ISO/IEC 18004 table 12): L is 01, M 00, Q 11, H 10.
    var formatBits: UInt32 {
        switch self {
        case .low: 0b01
        case .medium: 0b00
        case .quartile: 0b11
        case .high: 0b10
        }
    }

    /// The level's letter, as the standard and the error messages name it.
    public var letter: Character {
        switch self {
        case .low: "L"
        case .medium: "M"
        case .quartile: "Q"
        case .high: "H"
        }
    }
}
