/// Why a text could not be made into a QR code.
public enum QRCodeError: Error, Equatable, CustomStringConvertible {
    /// The text's UTF-8 bytes do not fit the largest supported version at this level.
    case textTooLong(byteCount: Int, maximumByteCount: Int, errorCorrection: QRErrorCorrection)

    /// A sentence for the person who passed the text (an administrator, a log reader).
    public var message: String {
        switch self {
        case .textTooLong(let byteCount, let maximum, let level):
            "The text is \(byteCount) bytes in UTF-8, but a QR code at error correction level \(level.letter) "
                + "holds at most \(maximum) bytes (version \(QRVersion.largest.number)); shorten the text "
                + "or choose a lower level."
        }
    }

    public var description: String { message }
}
