/// Arithmetic in GF(256) as QR codes define it: bytes are polynomials over GF(2) reduced by the
/// primitive polynomial x⁸ + x⁴ + x³ + x² + 1 (0x11D), and α = 2 generates every non-zero byte.
///
/// Addition and subtraction are both XOR (the field has characteristic 2), so only multiplication
/// needs a function. It goes through the exponent and logarithm tables, built once, because each
/// codeword of error correction costs one multiplication per generator coefficient.
enum GaloisField {
    /// αⁱ for i in 0..<510: twice the field's period, so a sum of two logarithms needs no `% 255`.
    static let exponents: [UInt8] = {
        var table = [UInt8](repeating: 0, count: 510)
        var value = 1
        for power in 0..<255 {
            table[power] = UInt8(value)
            table[power + 255] = UInt8(value)
            value <<= 1
            if value & 0x100 != 0 { value ^= 0x11D }
        }
        return table
    }()

    /// logₐ(b) for every non-zero byte b; entry 0 is unused because 0 has no logarithm.
    static let logarithms: [Int] = {
        var table = [Int](repeating: 0, count: 256)
        for power in 0..<255 { table[Int(exponents[power])] = power }
        return table
    }()

    static func multiply(_ a: UInt8, _ b: UInt8) -> UInt8 {
        guard a != 0, b != 0 else { return 0 }
        return exponents[logarithms[Int(a)] + logarithms[Int(b)]]
    }
}
