import CArgon2
import Foundation
import NIOPosix
import Synchronization

/// Argon2id parameters; the defaults are OWASP's minimum for Argon2id.
public struct Argon2Parameters: Sendable, Equatable {
    public var memoryKiB: UInt32
    public var iterations: UInt32
    public var parallelism: UInt32

    public static let minimum = Argon2Parameters(memoryKiB: 19_456, iterations: 2, parallelism: 1)

    public init(memoryKiB: UInt32, iterations: UInt32, parallelism: UInt32) {
        self.memoryKiB = memoryKiB
        self.iterations = iterations
        self.parallelism = parallelism
    }

    /// The parameters in a PHC string (`$argon2id$v=19$m=19456,t=2,p=1$salt$hash`), if readable.
    public init?(phc: String) {
        let fields = phc.split(separator: "$")
        guard fields.count == 5, fields[0] == "argon2id" else { return nil }
        var values: [Substring: UInt32] = [:]
        for pair in fields[2].split(separator: ",") {
            let parts = pair.split(separator: "=")
            guard parts.count == 2, let value = UInt32(parts[1]) else { return nil }
            values[parts[0]] = value
        }
        guard let m = values["m"], let t = values["t"], let p = values["p"] else { return nil }
        self.init(memoryKiB: m, iterations: t, parallelism: p)
    }

    /// True when these parameters are weaker than `other` in any dimension.
    public func isWeaker(than other: Argon2Parameters) -> Bool {
        memoryKiB < other.memoryKiB || iterations < other.iterations || parallelism < other.parallelism
    }
}

/// Hashes and verifies passwords with Argon2id, off the cooperative thread pool.
///
/// Each hash takes tens of milliseconds and `memoryKiB` of memory, so hashing runs on its own
/// threads, and at most `maxOutstanding` hashes are running or waiting: a burst of sign-ins past
/// that gets `Busy` (answered 503 with `Retry-After`) instead of exhausting memory.
public final class PasswordHasher: Sendable {
    public struct Busy: Error {}
    public struct Failed: Error, CustomStringConvertible {
        public var code: Int32
        public var description: String { "argon2 failed with code \(code)" }
    }

    public let parameters: Argon2Parameters
    private let threadPool: NIOThreadPool
    private let outstanding = Atomic<Int>(0)
    private let maxOutstanding: Int
    /// Verified against when an account does not exist, so that answer takes as long as a real one.
    private let dummyHash: Mutex<String?> = Mutex(nil)

    public init(parameters: Argon2Parameters, threadPool: NIOThreadPool, maxOutstanding: Int) {
        self.parameters = parameters
        self.threadPool = threadPool
        self.maxOutstanding = maxOutstanding
    }

    public func hash(_ password: String) async throws -> String {
        let parameters = parameters
        var generator = SystemRandomNumberGenerator()
        let salt = (0..<16).map { _ in UInt8.random(in: 0...255, using: &generator) }
        return try await admit {
            try Self.hashNow(password, salt: salt, parameters: parameters)
        }
    }

    /// Whether `password` matches the stored PHC string. An unreadable stored hash never matches.
    public func verify(_ password: String, against phc: String) async throws -> Bool {
        try await admit {
            let bytes = Array(password.utf8)
            let result = phc.withCString { encoded in
                argon2id_verify(encoded, bytes, bytes.count)
            }
            return result == ARGON2_OK.rawValue
        }
    }

    /// Spends the time a verification takes, for an account that does not exist.
    public func verifyDummy(_ password: String) async throws {
        let stored: String
        if let existing = dummyHash.withLock({ $0 }) {
            stored = existing
        } else {
            stored = try await hash("not a real password, only for timing")
            dummyHash.withLock { $0 = stored }
        }
        _ = try await verify(password, against: stored)
    }

    /// Whether a stored hash should be replaced at the next successful sign-in.
    public func needsRehash(_ phc: String) -> Bool {
        guard let stored = Argon2Parameters(phc: phc) else { return true }
        return stored.isWeaker(than: parameters)
    }

    private func admit<Result: Sendable>(_ work: @escaping @Sendable () throws -> Result) async throws -> Result {
        let now = outstanding.wrappingAdd(1, ordering: .relaxed).newValue
        defer { outstanding.wrappingSubtract(1, ordering: .relaxed) }
        guard now <= maxOutstanding else { throw Busy() }
        return try await threadPool.runIfActive(work)
    }

    static func hashNow(_ password: String, salt: [UInt8], parameters: Argon2Parameters) throws -> String {
        let bytes = Array(password.utf8)
        let hashLength = 32
        let length = argon2_encodedlen(
            parameters.iterations,
            parameters.memoryKiB,
            parameters.parallelism,
            UInt32(salt.count),
            UInt32(hashLength),
            Argon2_id
        )
        var encoded = [CChar](repeating: 0, count: length)
        let result = argon2id_hash_encoded(
            parameters.iterations,
            parameters.memoryKiB,
            parameters.parallelism,
            bytes,
            bytes.count,
            salt,
            salt.count,
            hashLength,
            &encoded,
            length
        )
        guard result == ARGON2_OK.rawValue else { throw Failed(code: result) }
        return String(decoding: encoded.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
