/// The Reed–Solomon error correction codewords of one block: the remainder of the data, read as
/// a polynomial and shifted up by the number of correction codewords, divided by the generator
/// polynomial (x − α⁰)(x − α¹)…(x − αⁿ⁻¹).
struct ReedSolomon: Sendable {
    /// The generator's coefficients after the leading 1, highest power first: `n` bytes for `n`
    /// correction codewords.
    let generator: [UInt8]

    init(errorCorrectionCodewords count: Int) {
        // Start from g(x) = 1 and multiply by (x + αⁱ) once for each i (minus is plus in GF(256)).
        var coefficients: [UInt8] = [1]
        for power in 0..<count {
            let root = GaloisField.exponents[power]
            var next = [UInt8](repeating: 0, count: coefficients.count + 1)
            for (index, coefficient) in coefficients.enumerated() {
                next[index] ^= coefficient
                next[index + 1] ^= GaloisField.multiply(coefficient, root)
            }
            coefficients = next
        }
        generator = Array(coefficients.dropFirst())
    }

    /// The correction codewords for `data`, by long division as a linear feedback shift register:
    /// each data byte, added to the register's head, scales the generator that is added to the rest.
    func errorCorrection(for data: [UInt8]) -> [UInt8] {
        var remainder = [UInt8](repeating: 0, count: generator.count)
        for byte in data {
            let factor = byte ^ remainder[0]
            remainder.removeFirst()
            remainder.append(0)
            for index in generator.indices {
                remainder[index] ^= GaloisField.multiply(generator[index], factor)
            }
        }
        return remainder
    }
}
