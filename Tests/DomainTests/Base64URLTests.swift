import Domain
import Foundation
import Testing

struct Base64URLTests {
    /// Foundation's Base64 with the URL alphabet and the padding cut: the reference the byte-level
    /// codec must agree with.
    static func reference(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    @Test func agreesWithFoundationAndRoundTripsEveryLength() {
        var random = SystemRandomNumberGenerator()
        for length in 0...67 {
            for _ in 0..<20 {
                let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &random) }
                let encoded = Base64URL.encode(bytes)
                #expect(encoded == Self.reference(bytes), "length \(length)")
                #expect(Base64URL.decode(encoded) == bytes, "length \(length)")
            }
        }
        #expect(Base64URL.encode([0xFB, 0xFF, 0xBF]) == "-_-_", "both URL-safe characters")
    }

    @Test func refusesEverythingButTheCanonicalForm() {
        #expect(Base64URL.decode("") == [])
        #expect(Base64URL.decode("QQ") == [0x41])
        #expect(Base64URL.decode("QR") == nil, "the same byte with unused bits set")
        #expect(Base64URL.decode("QUI") == [0x41, 0x42])
        #expect(Base64URL.decode("QUJ") == nil, "two bytes with unused bits set")
        #expect(Base64URL.decode("QQ==") == nil, "padding")
        #expect(Base64URL.decode("Q+") == nil, "base64 but not base64url")
        #expect(Base64URL.decode("Q") == nil, "one character cannot hold a byte")
        #expect(Base64URL.decode("QUJD\n") == nil, "whitespace")
        #expect(Base64URL.decode("QUJDé") == nil, "non-ASCII")
    }
}
