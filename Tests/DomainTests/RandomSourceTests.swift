import Domain
import Foundation
import Testing

@Suite struct RandomSourceTests {
    @Test func aSeededSourceIsReproducible() {
        let first = RandomSource.seeded(42)
        let again = RandomSource.seeded(42)
        let a = (0..<20).map { _ in first.next() }
        let b = (0..<20).map { _ in again.next() }
        #expect(a == b)
        #expect(Set(a).count == 20, "a sequence, not one value repeated")
        let other = (0..<20).map { _ in RandomSource.seeded(43).next() }
        #expect(other[0] != a[0], "another seed, another sequence")
    }

    @Test func seededSourcesKeepTheirOwnState() {
        let first = RandomSource.seeded(7)
        let again = RandomSource.seeded(7)
        _ = (0..<5).map { _ in first.next() }
        let fresh = again.next()
        #expect(fresh == RandomSource.seeded(7).next(), "drawing from one does not advance another")
        #expect(first.next() != fresh)
    }

    @Test func aSeededSourceDrawsTheSeededSequence() {
        let source = RandomSource.seeded(99)
        var generator = SeededRandom(seed: 99)
        #expect((0..<10).map { _ in source.next() } == (0..<10).map { _ in generator.next() })
    }

    @Test func itsGeneratorDrawsFromTheSameSequence() {
        let source = RandomSource.seeded(5)
        let reference = RandomSource.seeded(5)
        var generator = source.generator
        #expect(generator.next() == reference.next())
        #expect(source.next() == reference.next(), "the generator and the source share one state")
        let shuffled = Array(0..<50).shuffled(using: &generator)
        var referenceGenerator = reference.generator
        #expect(shuffled == Array(0..<50).shuffled(using: &referenceGenerator))
    }

    @Test func uuidsAreVersion4WithTheRFCVariant() {
        for source in [RandomSource.seeded(1), .system] {
            for _ in 0..<1_000 {
                let uuid = source.uuid()
                #expect(uuid.uuid.6 >> 4 == 4, "version 4: \(uuid)")
                #expect(uuid.uuid.8 & 0xC0 == 0x80, "variant 10: \(uuid)")
                let text = uuid.uuidString
                #expect(text[text.index(text.startIndex, offsetBy: 14)] == "4")
                #expect("89AB".contains(text[text.index(text.startIndex, offsetBy: 19)]))
            }
        }
    }

    @Test func uuidBitsComeFromTheSourceExceptVersionAndVariant() {
        #expect(RandomSource { 0 }.uuid().uuidString == "00000000-0000-4000-8000-000000000000")
        #expect(RandomSource { .max }.uuid().uuidString == "FFFFFFFF-FFFF-4FFF-BFFF-FFFFFFFFFFFF")
    }

    @Test func seededUUIDsAreReproducibleAndDistinct() {
        let first = RandomSource.seeded(3)
        let again = RandomSource.seeded(3)
        let a = (0..<1_000).map { _ in first.uuid() }
        #expect(a == (0..<1_000).map { _ in again.uuid() })
        #expect(Set(a).count == a.count)
        #expect(RandomSource.seeded(4).uuid() != a[0])
    }

    @Test func theSystemSourceDoesNotRepeat() {
        let draws = (0..<1_000).map { _ in RandomSource.system.next() }
        #expect(Set(draws).count == draws.count)
    }
}
