import Testing

@testable import QRCode

@Suite("GF(256) and Reed–Solomon")
struct ReedSolomonTests {
    @Test("α⁸ wraps through the primitive polynomial 0x11D, and the logarithms invert the powers")
    func fieldTables() {
        #expect(GaloisField.exponents[0] == 1)
        #expect(GaloisField.exponents[7] == 128)
        #expect(GaloisField.exponents[8] == 0x1D)
        #expect(GaloisField.exponents[9] == 0x3A)
        #expect(GaloisField.exponents[255] == 1)
        #expect(GaloisField.logarithms[2] == 1)
        #expect(GaloisField.logarithms[3] == 25)
        #expect(GaloisField.logarithms[5] == 50)
        for value in 1...255 {
            #expect(GaloisField.exponents[GaloisField.logarithms[value]] == UInt8(value))
        }
        #expect(Set(GaloisField.exponents[0..<255]).count == 255, "α generates every non-zero byte")
    }

    @Test("Multiplication: by 0 and 1, α⁷ · α = α⁸, and the inverse of 2 is 142")
    func multiplication() {
        #expect(GaloisField.multiply(0, 200) == 0)
        #expect(GaloisField.multiply(200, 0) == 0)
        #expect(GaloisField.multiply(1, 200) == 200)
        #expect(GaloisField.multiply(128, 2) == 0x1D)
        #expect(GaloisField.multiply(2, 142) == 1)
        #expect(GaloisField.multiply(0x57, 0x83) == GaloisField.multiply(0x83, 0x57))
    }

    @Test("The generator polynomials for 7 and 10 codewords, as powers of α")
    func generators() {
        let seven = ReedSolomon(errorCorrectionCodewords: 7).generator.map { GaloisField.logarithms[Int($0)] }
        #expect(seven == [87, 229, 146, 149, 238, 102, 21])
        let ten = ReedSolomon(errorCorrectionCodewords: 10).generator.map { GaloisField.logarithms[Int($0)] }
        #expect(ten == [251, 67, 46, 61, 118, 70, 64, 94, 32, 45])
    }

    @Test("The error correction codewords of the classic \"HELLO WORLD\" 1-M symbol")
    func helloWorld() {
        let data: [UInt8] = [32, 91, 11, 120, 209, 114, 220, 77, 67, 64, 236, 17, 236, 17, 236, 17]
        let correction = ReedSolomon(errorCorrectionCodewords: 10).errorCorrection(for: data)
        #expect(correction == [196, 35, 39, 119, 235, 215, 231, 226, 93, 23])
    }

    @Test("A codeword with its correction appended is a multiple of the generator: it has every root αⁱ")
    func codewordHasTheGeneratorsRoots() {
        let data = Array("SafeSkills join K7MQ-3TPX".utf8)
        let count = 18
        let codeword = data + ReedSolomon(errorCorrectionCodewords: count).errorCorrection(for: data)
        for power in 0..<count {
            // Horner's rule at x = αⁱ, highest power first.
            let root = GaloisField.exponents[power]
            let value = codeword.reduce(UInt8(0)) { GaloisField.multiply($0, root) ^ $1 }
            #expect(value == 0, "c(α^\(power)) = \(value)")
        }
    }
}
