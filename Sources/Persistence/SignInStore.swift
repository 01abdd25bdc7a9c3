import Domain
import Foundation
import Logging
import NIOCore
import PostgresNIO

/// Sign-in's two statements, one on each side of the password hash: what the check must know
/// before it starts, and the session it opens after.
///
/// They were five: the account, then its throttles; the pair's failures cleared, the address
/// remembered, the tokens stored. A sign-in shares its core with the hashes of others, and each
/// statement's answer waits until the event loop gets that core back, so a sign-in is now four
/// round trips (the second statement has its transaction's BEGIN and COMMIT) instead of seven.
public enum SignInStore {
    /// The account a sign-in's password is checked against.
    public struct Record: Sendable {
        public var learnerID: UUID
        public var passwordHash: String
        /// The sign-in comes from a device linked to the account, or an address it signed in
        /// from within the last 90 days.
        public var fromKnownClient: Bool
    }

    /// The account behind an identifier (nil when there is none), and until when the throttles
    /// that may hold the attempt back are blocked.
    public struct Before: Sendable {
        public var record: Record?
        /// The guesser's own pair (account and address); the only one a known client answers to.
        public var pairBlockedUntil: Date?
        /// The account's and the address's, which hold back a client the account has not used.
        public var othersBlockedUntil: Date?

        /// When the attempt may go on, for the throttles that apply to it; nil when now.
        public var blockedUntil: Date? {
            guard record?.fromKnownClient != true else { return pairBlockedUntil }
            return [pairBlockedUntil, othersBlockedUntil].compactMap { $0 }.max()
        }
    }

    public static func before(
        identifier: String,
        deviceHash: ByteBuffer?,
        addressHash: ByteBuffer,
        pairKey: ByteBuffer,
        otherKeys: [ByteBuffer],
        now: Date,
        on connection: PostgresConnection,
        logger: Logger
    ) async throws -> Before {
        let statement = BeforeCheck(
            identifier: identifier,
            deviceHash: deviceHash,
            addressHash: addressHash,
            pairKey: pairKey,
            otherKeys: otherKeys,
            now: now
        )
        for try await (learnerID, passwordHash, known, pairUntil, othersUntil) in try await connection.run(statement, logger: logger) {
            let record = learnerID.flatMap { id in
                passwordHash.map { Record(learnerID: id, passwordHash: $0, fromKnownClient: known) }
            }
            return Before(record: record, pairBlockedUntil: pairUntil, othersBlockedUntil: othersUntil)
        }
        return Before(record: nil, pairBlockedUntil: nil, othersBlockedUntil: nil)
    }

    /// Opens a session after a password matched, in the caller's transaction: clears the pair's
    /// failures, remembers the address and stores the new tokens.
    public static func open(
        learnerID: UUID,
        chainID: UUID,
        pairKey: ByteBuffer,
        addressHash: ByteBuffer,
        now: Date,
        lifetimes: TokenStore.Lifetimes,
        on connection: PostgresConnection,
        logger: Logger
    ) async throws -> TokenStore.Issued {
        let pair = TokenStore.NewPair(learnerID: learnerID, chainID: chainID, now: now, lifetimes: lifetimes)
        try await connection.runToEnd(Open(pair: pair, pairKey: pairKey, addressHash: addressHash), logger: logger)
        return pair.issued
    }

    // Every sign-in runs both: prepared once per connection, they skip parsing and planning.

    /// Always one row: the account's columns are null when the identifier is no one's.
    struct BeforeCheck: PostgresPreparedStatement {
        /// A fixed name: the protocol's default reflects the type's name on every execution.
        static let name = "signIn.before"
        static let sql = """
            SELECT r.learner_id, r.password_hash, coalesce(r.known, false),
                (\(ThrottleStore.blockedUntil(keys: "$4", now: "$6"))),
                (\(ThrottleStore.blockedUntil(keys: "$5", now: "$6")))
            FROM (VALUES (1)) AS one (n) LEFT JOIN (
                SELECT l.learner_id, l.password_hash,
                    EXISTS (SELECT FROM learner_devices d WHERE d.learner_id = l.learner_id AND d.device_hash = $2)
                    OR EXISTS (
                        SELECT FROM learner_sign_in_addresses a
                        WHERE a.learner_id = l.learner_id AND a.address_hash = $3 AND a.last_signed_in_at > $6 - interval '90 days'
                    ) AS known
                FROM learner_contacts c JOIN learners l ON l.learner_id = c.learner_id
                WHERE c.purpose = 'sign-in' AND c.value = $1 AND l.erased_at IS NULL AND l.password_hash IS NOT NULL
                LIMIT 1
            ) AS r ON true
            """
        typealias Row = (UUID?, String?, Bool, Date?, Date?)
        var identifier: String
        var deviceHash: ByteBuffer?
        var addressHash: ByteBuffer
        var pairKey: ByteBuffer
        var otherKeys: [ByteBuffer]
        var now: Date

        func makeBindings() throws -> PostgresBindings {
            var bindings = PostgresBindings()
            bindings.append(identifier)
            if let deviceHash { bindings.append(deviceHash) } else { bindings.appendNull() }
            bindings.append(addressHash)
            bindings.append([pairKey])
            bindings.append(otherKeys)
            bindings.append(now)
            return bindings
        }

        func decodeRow(_ row: PostgresRow) throws -> Row { try row.decode(Row.self) }
    }

    /// Three writes in one statement: data-modifying `WITH` parts all run, to completion, whether
    /// or not the outer statement reads them.
    struct Open: PostgresPreparedStatement {
        /// A fixed name: the protocol's default reflects the type's name on every execution.
        static let name = "signIn.open"
        static let sql = """
            WITH reset AS (DELETE FROM auth_throttle WHERE key = $1),
            remembered AS (\(AccountStore.rememberSignInAddress(learner: "$3", address: "$2", now: "$5")))
            \(TokenStore.insertPair(first: 3))
            """
        typealias Row = PostgresRow
        var pair: TokenStore.NewPair
        var pairKey: ByteBuffer
        var addressHash: ByteBuffer

        func makeBindings() throws -> PostgresBindings {
            var bindings = PostgresBindings()
            bindings.append(pairKey)
            bindings.append(addressHash)
            pair.appendBindings(to: &bindings)
            return bindings
        }

        func decodeRow(_ row: PostgresRow) throws -> Row { row }
    }
}
