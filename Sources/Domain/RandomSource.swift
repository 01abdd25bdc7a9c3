import Foundation
import Synchronization

/// The source of randomness for every rule that draws: quiz assembly seeds, certificate ids,
/// record ids. Services take it as a parameter, like the clock, so tests can seed it.
///
/// Secrets (tokens, codes) do not come from here: they always use the system's generator.
public struct RandomSource: Sendable {
    private let draw: @Sendable () -> UInt64

    public init(_ draw: @escaping @Sendable () -> UInt64) {
        self.draw = draw
    }

    public static let system = RandomSource {
        var generator = SystemRandomNumberGenerator()
        return generator.next()
    }

    /// A reproducible sequence, for tests.
    public static func seeded(_ seed: UInt64) -> RandomSource {
        let state = Mutex(SeededRandom(seed: seed))
        return RandomSource { state.withLock { $0.next() } }
    }

    public func next() -> UInt64 { draw() }

    /// A random (version 4) UUID.
    public func uuid() -> UUID {
        let (high, low) = (next(), next())
        var bytes = (0..<8).map { UInt8(truncatingIfNeeded: high >> ($0 * 8)) } + (0..<8).map { UInt8(truncatingIfNeeded: low >> ($0 * 8)) }
        bytes[6] = (bytes[6] & 0x0F) | 0x40
        bytes[8] = (bytes[8] & 0x3F) | 0x80
        return UUID(
            uuid: (
                bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7],
                bytes[8], bytes[9], bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]
            )
        )
    }

    /// A generator for the standard library's `random(in:using:)` and `shuffled(using:)`.
    public var generator: Generator { Generator(source: self) }

    public struct Generator: RandomNumberGenerator {
        let source: RandomSource
        public mutating func next() -> UInt64 { source.next() }
    }
}
