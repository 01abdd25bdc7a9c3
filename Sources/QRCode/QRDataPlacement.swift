/// Where the codewords' bits go (7.7.3): in two-module-wide columns from the right edge to the
/// left, upwards in the first column pair, downwards in the next and so on, right module before
/// left, skipping every function module. Column 6 (the vertical timing pattern) is stepped over
/// whole, so the columns left of it pair up as (5, 4), (3, 2), (1, 0).
enum QRDataPlacement {
    /// The function patterns with `codewords` placed, most significant bit first, and `mask`
    /// applied to the data modules. Modules left over after the last codeword (the remainder
    /// bits of versions 2 to 6) stay light before masking.
    static func place(_ codewords: [UInt8], in patterns: QRFunctionPatterns, mask: QRMask) -> QRMatrix {
        var matrix = patterns.matrix
        let size = matrix.size
        var bitIndex = 0
        let bitCount = codewords.count * 8
        var right = size - 1
        var upward = true
        while right > 0 {
            if right == 6 { right = 5 }
            for step in 0..<size {
                let row = upward ? size - 1 - step : step
                for column in [right, right - 1] where !patterns.isFunction(row: row, column: column) {
                    var dark = false
                    if bitIndex < bitCount {
                        dark = (codewords[bitIndex / 8] >> (7 - bitIndex % 8)) & 1 == 1
                        bitIndex += 1
                    }
                    matrix[row, column] = dark != mask.inverts(row: row, column: column)
                }
            }
            right -= 2
            upward.toggle()
        }
        return matrix
    }
}
