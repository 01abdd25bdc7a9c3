import APIContract
import Domain
import Foundation
import OpenAPIRuntime
import Testing

@testable import App

/// The hand-written encoders on the answer-save path against what they replaced.
struct HotPathEncodingTests {
    @Test func dateTimesAreWrittenAsTheDefaultTranscoderWritesThem() throws {
        let fast = InternetDateTranscoder()
        let stock = ISO8601DateTranscoder()
        var random = SystemRandomNumberGenerator()
        var dates = [
            Date(timeIntervalSince1970: 0), Date(timeIntervalSince1970: -1), Date(timeIntervalSince1970: -0.25),
            Date(timeIntervalSince1970: 951_782_400),  // 2000-02-29
            Date(timeIntervalSince1970: 4_107_542_399.999),  // 2100-02-28T23:59:59.999
            Date(timeIntervalSince1970: -62_135_596_800),  // 0001-01-01, left to the default
            Date(timeIntervalSince1970: 1_245_929_898.9996777), Date(timeIntervalSince1970: -1_167_842_311.000105),  // rounded to the millisecond
            Date(timeIntervalSince1970: 0.9996), Date(timeIntervalSince1970: 0.9994), Date(timeIntervalSince1970: -0.0004),
            Date(timeIntervalSince1970: -0.0006),
            Date(timeIntervalSince1970: 253_402_300_799),  // 9999-12-31T23:59:59
        ]
        dates += (0..<2000).map { _ in Date(timeIntervalSince1970: Double.random(in: -2_500_000_000...5_000_000_000, using: &random)) }
        for date in dates {
            let expected = try stock.encode(date)
            #expect(try fast.encode(date) == expected, "\(date.timeIntervalSince1970)")
        }
        let text = "2026-11-26T18:10:24Z"
        #expect(try fast.decode(text) == stock.decode(text))
    }

    @Test func requestBodiesKeepEveryValueAndType() throws {
        let json = #"{"optionIds": ["a", "b"], "n": 3, "x": 2.5, "t": true, "none": null, "pairs": {"p": "q", "deep": [1, {"k": false}]}}"#
        let fields = try JSONDecoder().decode(RequestFields.self, from: Data(json.utf8))
        #expect(fields.values["t"] == .bool(true) && fields.values["n"] == .integer(3) && fields.values["x"] == .number(2.5))
        #expect(fields.values["none"] == .null && fields.values["optionIds"] == .array([.string("a"), .string("b")]))
        #expect(fields.values["pairs"] == .object(["p": .string("q"), "deep": .array([.integer(1), .object(["k": .bool(false)])])]))
        #expect(try JSONDecoder().decode(RequestFields.self, from: JSONEncoder().encode(fields)) == fields)
    }

    @Test func requestIDsAreTwentyFourFreshHexDigits() {
        let ids = (0..<1000).map { _ in RequestScopeMiddleware.newRequestID() }
        #expect(Set(ids).count == ids.count)
        for id in ids {
            #expect(id.utf8.count == 24 && id.utf8.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) })
        }
        #expect(Set(ids.map(\.first)).count > 8, "the first digit varies too")
    }
}
