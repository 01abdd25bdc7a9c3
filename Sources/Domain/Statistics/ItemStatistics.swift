import Foundation

/// How one question behaved in closed attempts, from sums the database adds up: its facility
/// (mean credit, 0 to 1) and its discrimination (how well it separates stronger from weaker
/// candidates), with flags for questions worth an editor's look.
///
/// Discrimination is the corrected item–total correlation: Pearson's r between the credit on this
/// question and the credit on the rest of the same attempt. Leaving the item out of the total
/// keeps short quizzes from correlating an item with itself.
public struct ItemStatistics: Sendable, Equatable {
    /// Presentations below this are too few to flag anything: a flag would be noise.
    public static let fewestToFlag = 30
    public static let tooEasyAbove = 0.90
    public static let tooHardBelow = 0.20
    public static let discriminatingFrom = 0.20

    public enum Flag: String, Sendable, CaseIterable {
        case tooEasy = "too-easy"
        case tooHard = "too-hard"
        case notDiscriminating = "not-discriminating"
    }

    /// Sums over every graded presentation of the question: x is the credit on it, y the credit
    /// on the attempt's other questions.
    public struct Sums: Sendable, Equatable {
        public var count: Int
        public var x: Double
        public var xx: Double
        public var y: Double
        public var yy: Double
        public var xy: Double

        public init(count: Int, x: Double, xx: Double, y: Double, yy: Double, xy: Double) {
            self.count = count
            self.x = x
            self.xx = xx
            self.y = y
            self.yy = yy
            self.xy = xy
        }
    }

    public var facility: Double?
    /// Nil when either side never varies (everyone got the same credit): no correlation exists.
    public var discrimination: Double?
    public var flags: [Flag]

    public init(_ sums: Sums) {
        guard sums.count > 0 else {
            self.init(facility: nil, discrimination: nil, flags: [])
            return
        }
        let n = Double(sums.count)
        let facility = sums.x / n
        let varianceX = sums.xx / n - facility * facility
        let meanY = sums.y / n
        let varianceY = sums.yy / n - meanY * meanY
        let covariance = sums.xy / n - facility * meanY
        // Rounding in the sums can leave a tiny residue where there is no variation at all.
        let discrimination =
            varianceX > 1e-12 && varianceY > 1e-12
            ? min(1, max(-1, covariance / (varianceX * varianceY).squareRoot())) : nil
        var flags: [Flag] = []
        if sums.count >= Self.fewestToFlag {
            if facility > Self.tooEasyAbove { flags.append(.tooEasy) }
            if facility < Self.tooHardBelow { flags.append(.tooHard) }
            if (discrimination ?? 0) < Self.discriminatingFrom { flags.append(.notDiscriminating) }
        }
        self.init(facility: facility, discrimination: discrimination, flags: flags)
    }

    public init(facility: Double?, discrimination: Double?, flags: [Flag]) {
        self.facility = facility
        self.discrimination = discrimination
        self.flags = flags
    }
}
