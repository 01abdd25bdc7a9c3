/// A QR code (ISO/IEC 18004 model 2) for a text: one byte-mode segment of the text's UTF-8
/// bytes, in the smallest version from 1 to 10 that holds it at the chosen level, with the mask
/// that scores the lowest penalty.
///
/// A pure value: the same text and level always give the same symbol, with no I/O, clock or
/// randomness, so a printed card can be made again identically and tests compare exact output.
public struct QRCode: Sendable, Hashable {
    /// 1 to 10: the symbol has 17 + 4 × version modules on a side.
    public let version: Int
    public let errorCorrection: QRErrorCorrection
    /// The mask chosen (readers learn it from the format information; kept for tests and diagnostics).
    public let mask: QRMask
    /// The modules, for renderers other than `svg(label:pixelSize:)`.
    public let matrix: QRMatrix

    /// Encodes `text` at `errorCorrection` (M by default: it survives a scuffed or partly covered
    /// printed card while keeping the symbol small enough for a cheap phone camera).
    ///
    /// - Throws: `QRCodeError.textTooLong` when the text's UTF-8 bytes do not fit version 10.
    public init(_ text: String, errorCorrection: QRErrorCorrection = .medium) throws(QRCodeError) {
        let bytes = Array(text.utf8)
        guard let version = QRVersion.smallest(holding: bytes.count, at: errorCorrection) else {
            throw .textTooLong(
                byteCount: bytes.count,
                maximumByteCount: QRVersion.largest.byteCapacity(errorCorrection),
                errorCorrection: errorCorrection
            )
        }
        let data = QRCodewords.data(bytes, version: version, level: errorCorrection)
        let codewords = QRCodewords.interleaved(data, version: version, level: errorCorrection)
        let patterns = QRFunctionPatterns(version: version)

        // Try every mask and keep the first with the lowest penalty: the format information is
        // part of what is scored, so each candidate is drawn whole.
        var best: (mask: QRMask, matrix: QRMatrix, penalty: Int)?
        for mask in QRMask.all {
            var candidate = patterns
            candidate.drawFormat(QRInformationBits.format(errorCorrection, mask: mask))
            let matrix = QRDataPlacement.place(codewords, in: candidate, mask: mask)
            let penalty = QRPenalty.score(matrix)
            if best.map({ penalty < $0.penalty }) ?? true { best = (mask, matrix, penalty) }
        }
        guard let best else { preconditionFailure("QRMask.all is never empty") }

        self.version = version.number
        self.errorCorrection = errorCorrection
        self.mask = best.mask
        self.matrix = best.matrix
    }
}
