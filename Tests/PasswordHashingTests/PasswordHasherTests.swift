import NIOPosix
import PasswordHashing
import Testing

@Suite struct PasswordHasherTests {
    @Test func hashesArePHCStringsThatVerify() async throws {
        let hasher = PasswordHasher(parameters: .minimum, threadPool: .singleton, maxOutstanding: 4)
        let hash = try await hasher.hash("một câu mật khẩu dài")
        #expect(hash.hasPrefix("$argon2id$v=19$m=19456,t=2,p=1$"))
        #expect(try await hasher.verify("một câu mật khẩu dài", against: hash))
        #expect(try await !hasher.verify("một câu mật khẩu dài!", against: hash))
        #expect(try await !hasher.verify("anything", against: "not a hash"))
        #expect(!hasher.needsRehash(hash))
        #expect(hasher.needsRehash("$argon2id$v=19$m=8192,t=2,p=1$c2FsdHNhbHQ$aGFzaA"))
        #expect(hasher.needsRehash("$2b$12$bcrypt"))
    }

    /// Known answers, one lane and two: a stored hash made with other parameters than today's
    /// still verifies (the parameters come from the stored string), and a near miss does not.
    @Test func storedHashesOfOtherParametersVerifyByTheirOwn() async throws {
        let hasher = PasswordHasher(parameters: .minimum, threadPool: .singleton, maxOutstanding: 4)
        let oneLane = "$argon2id$v=19$m=19456,t=2,p=1$c2FmZXNraWxscy1zYWx0IQ$ArYcVyn7NrYKmNttrCLNYvt+VG2WjgX3Oo7wBjHV//c"
        let twoLanes = "$argon2id$v=19$m=8192,t=3,p=2$c2FmZXNraWxscy1zYWx0IQ$VLj4G+jbu8Y2/pOErBq98UwSte2GwvzNjX6rjneBolY"
        #expect(try await hasher.verify("một câu mật khẩu dài", against: oneLane))
        #expect(try await hasher.verify("một câu mật khẩu dài", against: twoLanes))
        #expect(try await !hasher.verify("một câu mật khẩu dài.", against: oneLane))
    }

    @Test func aBurstPastTheBoundIsRefusedNotQueuedWithoutLimit() async throws {
        let hasher = PasswordHasher(parameters: .minimum, threadPool: .singleton, maxOutstanding: 2)
        let outcomes = await withTaskGroup(of: Bool.self) { group in
            for index in 0..<12 {
                group.addTask {
                    do {
                        _ = try await hasher.hash("mật khẩu thứ \(index)")
                        return true
                    } catch {
                        return false
                    }
                }
            }
            return await group.reduce(into: []) { $0.append($1) }
        }
        #expect(outcomes.contains(true))
        #expect(outcomes.contains(false), "12 at once with room for 2 must refuse some")
    }
}
