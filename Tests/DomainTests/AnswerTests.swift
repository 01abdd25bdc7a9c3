import Domain
import Foundation
import Testing

@Suite struct AnswerTests {
    static func refusal(_ form: [String: FormValue]) -> Refusal? {
        do {
            let answer = try Answer(form: form)
            Issue.record("accepted \(form) as \(answer)")
            return nil
        } catch {
            return error
        }
    }

    @Test func eachOfTheFourShapes() throws {
        #expect(try Answer(form: ["optionIds": .array([.string("b"), .string("a")])]) == .options(["b", "a"]))
        #expect(try Answer(form: ["order": .array([.string("c"), .string("a"), .string("b")])]) == .order(["c", "a", "b"]))
        #expect(try Answer(form: ["pairs": .object(["a": .string("x"), "b": .string("y")])]) == .pairs(["a": "x", "b": "y"]))
        #expect(try Answer(form: ["text": .string("mã OTP")]) == .text("mã OTP"))
    }

    @Test func emptyValuesOfTheRightShapeAreReadAsSent() throws {
        #expect(try Answer(form: ["optionIds": .array([])]) == .options([]))
        #expect(try Answer(form: ["order": .array([])]) == .order([]))
        #expect(try Answer(form: ["pairs": .object([:])]) == .pairs([:]))
        #expect(try Answer(form: ["text": .string("")]) == .text(""))
        #expect(try Answer(form: ["text": .string("  a  ")]) == .text("  a  "), "text is not trimmed here")
    }

    @Test func anEmptyFormIsRefusedAsAWhole() {
        let refusal = Self.refusal([:])
        #expect(refusal?.kind == .validation)
        #expect(refusal?.errors.map(\.pointer) == [""])
    }

    @Test func twoShapesAtOnceAreRefusedAsAWhole() {
        let refusal = Self.refusal(["optionIds": .array([.string("a")]), "text": .string("a")])
        #expect(refusal?.kind == .validation)
        #expect(refusal?.errors.map(\.pointer) == [""])
        #expect(refusal?.errors.first?.message.en.contains("exactly one") == true)
    }

    @Test(arguments: [
        ("optionIds", FormValue.string("a")),
        ("optionIds", .array([.string("a"), .integer(1)])),
        ("optionIds", .array([.null])),
        ("optionIds", .object(["a": .string("b")])),
        ("optionIds", .null),
        ("order", .string("a,b")),
        ("order", .array([.array([.string("a")])])),
        ("pairs", .array([.string("a"), .string("x")])),
        ("pairs", .object(["a": .integer(1)])),
        ("pairs", .object(["a": .string("x"), "b": .null])),
        ("pairs", .string("a=x")),
        ("text", .array([.string("a")])),
        ("text", .integer(42)),
        ("text", .bool(true)),
        ("text", .null),
    ])
    func aValueOfTheWrongTypeNamesItsField(key: String, value: FormValue) {
        let refusal = Self.refusal([key: value])
        #expect(refusal?.kind == .validation)
        #expect(refusal?.errors.map(\.pointer) == ["/\(key)"])
    }

    @Test func anUnknownFieldIsNamed() {
        #expect(Self.refusal(["answer": .string("a")])?.errors.map(\.pointer) == ["/answer"])
        #expect(Self.refusal(["optionIDs": .array([.string("a")])])?.errors.map(\.pointer) == ["/optionIDs"], "names are exact")
    }

    @Test func theWireShapesRoundTripThroughJSON() throws {
        let answers: [Answer] = [.options(["a", "b"]), .order(["c", "a"]), .pairs(["a": "x"]), .text("otp")]
        for answer in answers {
            let data = try JSONEncoder().encode(answer)
            #expect(try JSONDecoder().decode(Answer.self, from: data) == answer)
        }
        #expect(String(decoding: try JSONEncoder().encode(Answer.options(["a"])), as: UTF8.self) == #"{"optionIds":["a"]}"#)
        #expect(try JSONDecoder().decode(Answer.self, from: Data(#"{"text":"x"}"#.utf8)) == .text("x"))
    }
}
