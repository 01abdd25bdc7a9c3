import Domain
import Testing

@Suite struct JoinCodeTests {
    @Test func codesAreEightCharactersWithoutLookAlikes() {
        let random = RandomSource.seeded(19)
        for _ in 0..<200 {
            let code = JoinCode.generate(random: random)
            #expect(code.count == 8)
            #expect(!code.contains { "0O1IL".contains($0) }, "\(code)")
            #expect(JoinCode.normalize(code) == code)
        }
    }

    @Test func theSameSeedDrawsTheSameCodes() {
        let first = RandomSource.seeded(7)
        let second = RandomSource.seeded(7)
        #expect((0..<5).map { _ in JoinCode.generate(random: first) } == (0..<5).map { _ in JoinCode.generate(random: second) })
    }

    @Test func typedCodesIgnoreCaseSpacesAndHyphens() {
        #expect(JoinCode.normalize("abcd-efgh") == "ABCDEFGH")
        #expect(JoinCode.normalize(" AB CD EF GH ") == "ABCDEFGH")
        #expect(JoinCode.normalize("ABCDEFG") == nil)
        #expect(JoinCode.normalize("ABCDEFGHJ") == nil)
        #expect(JoinCode.normalize("ABCDEFG0") == nil, "0 is never in a code")
        #expect(JoinCode.normalize("ABCDEFGĐ") == nil)
    }
}
