import Domain
import Foundation
import Testing

@Suite struct ItemStatisticsTests {
    /// Adds up (credit on the item, credit on the rest) pairs the way the database does.
    static func sums(_ pairs: [(Double, Double)]) -> ItemStatistics.Sums {
        ItemStatistics.Sums(
            count: pairs.count,
            x: pairs.map(\.0).reduce(0, +),
            xx: pairs.map { $0.0 * $0.0 }.reduce(0, +),
            y: pairs.map(\.1).reduce(0, +),
            yy: pairs.map { $0.1 * $0.1 }.reduce(0, +),
            xy: pairs.map { $0.0 * $0.1 }.reduce(0, +)
        )
    }

    /// Pearson's r written the textbook way, from deviations about the means.
    static func pearson(_ pairs: [(Double, Double)]) -> Double {
        let n = Double(pairs.count)
        let mx = pairs.map(\.0).reduce(0, +) / n
        let my = pairs.map(\.1).reduce(0, +) / n
        let cov = pairs.map { ($0.0 - mx) * ($0.1 - my) }.reduce(0, +)
        let sx = pairs.map { ($0.0 - mx) * ($0.0 - mx) }.reduce(0, +).squareRoot()
        let sy = pairs.map { ($0.1 - my) * ($0.1 - my) }.reduce(0, +).squareRoot()
        return cov / (sx * sy)
    }

    @Test(arguments: 0..<50)
    func matchesTheTextbookCorrelationOnRandomAttempts(seed: Int) throws {
        var random = SeededRandom(seed: UInt64(seed))
        let count = Int.random(in: 5...400, using: &random)
        let pairs = (0..<count).map { _ in
            (Double(Int.random(in: 0...4, using: &random)) / 4, Double(Int.random(in: 0...29, using: &random)))
        }
        let statistics = ItemStatistics(Self.sums(pairs))
        #expect(abs(try #require(statistics.facility) - pairs.map(\.0).reduce(0, +) / Double(count)) < 1e-9)
        let expected = Self.pearson(pairs)
        if expected.isNaN {
            #expect(statistics.discrimination == nil)
        } else {
            #expect(abs(try #require(statistics.discrimination) - expected) < 1e-6)
        }
    }

    @Test func aQuestionStrongCandidatesGetRightDiscriminates() {
        // Credit follows the rest of the attempt: right from a rest score of 15 up.
        let pairs = (0..<60).map { i in (i % 30 >= 15 ? 1.0 : 0.0, Double(i % 30)) }
        let statistics = ItemStatistics(Self.sums(pairs))
        #expect(statistics.facility == 0.5)
        #expect((statistics.discrimination ?? 0) > 0.8)
        #expect(statistics.flags.isEmpty)
    }

    @Test func flagsTooEasyTooHardAndNotDiscriminating() {
        let easy = (0..<40).map { i in (i == 0 ? 0.0 : 1.0, Double(i % 7)) }
        #expect(ItemStatistics(Self.sums(easy)).flags.contains(.tooEasy))
        let hard = (0..<40).map { i in (i < 4 ? 1.0 : 0.0, Double(i % 7)) }
        #expect(ItemStatistics(Self.sums(hard)).flags.contains(.tooHard))
        // Weaker candidates get it right more often than stronger ones.
        let backwards = (0..<40).map { i in (i % 20 < 10 ? 1.0 : 0.0, Double(i % 20)) }
        let statistics = ItemStatistics(Self.sums(backwards))
        #expect(statistics.flags == [.notDiscriminating])
        #expect((statistics.discrimination ?? 0) < 0)
    }

    @Test func everyoneAlikeHasNoCorrelationAndIsNotDiscriminating() {
        let all = (0..<40).map { i in (1.0, Double(i)) }
        let statistics = ItemStatistics(Self.sums(all))
        #expect(statistics.discrimination == nil)
        #expect(statistics.flags == [.tooEasy, .notDiscriminating])
    }

    @Test func tooFewPresentationsAreNeverFlagged() {
        let few = (0..<(ItemStatistics.fewestToFlag - 1)).map { _ in (1.0, 3.0) }
        #expect(ItemStatistics(Self.sums(few)).flags.isEmpty)
        #expect(ItemStatistics(Self.sums([])) == ItemStatistics(facility: nil, discrimination: nil, flags: []))
    }
}
