import Domain
import Foundation
import Logging
import NIOCore
import PostgresNIO

/// Access and refresh tokens: issue, check, rotate, revoke.
public enum TokenStore {
    public struct Lifetimes: Sendable {
        public var access: TimeInterval = 15 * 60
        public var refresh: TimeInterval = 30 * 24 * 3600
        /// A refresh token presented again this soon after use gets a fresh pair, not a revocation.
        public var reuseGrace: TimeInterval = 60

        public init() {}
    }

    public struct Issued: Sendable {
        public var learnerID: UUID
        public var chainID: UUID
        public var accessToken: String
        public var refreshToken: String
        public var accessExpiresAt: Date
        public var refreshExpiresAt: Date
    }

    public enum RefreshOutcome: Sendable {
        case issued(Issued)
        /// Unknown, expired or revoked.
        case invalid
        /// Used before, after the grace: the whole chain is now revoked.
        case reused
    }

    /// Issues a pair on `chainID` (a new chain for a sign-in, the same one for a refresh).
    public static func issue(
        learnerID: UUID,
        chainID: UUID,
        now: Date,
        lifetimes: Lifetimes,
        on connection: PostgresConnection,
        logger: Logger
    ) async throws -> Issued {
        let pair = NewPair(learnerID: learnerID, chainID: chainID, now: now, lifetimes: lifetimes)
        try await connection.runToEnd(InsertPair(pair: pair), logger: logger)
        return pair.issued
    }

    /// A new access and refresh token of one chain, not yet stored: their texts go to the client,
    /// only their hashes to the table.
    struct NewPair: Sendable {
        let access: BearerToken
        let refresh: BearerToken
        let issuedAt: Date
        let issued: Issued

        init(learnerID: UUID, chainID: UUID, now: Date, lifetimes: Lifetimes) {
            issuedAt = now
            access = BearerToken.make(learnerID: learnerID)
            refresh = BearerToken.make(learnerID: learnerID)
            issued = Issued(
                learnerID: learnerID,
                chainID: chainID,
                accessToken: access.text,
                refreshToken: refresh.text,
                accessExpiresAt: now.addingTimeInterval(lifetimes.access),
                refreshExpiresAt: now.addingTimeInterval(lifetimes.refresh)
            )
        }

        /// The pair's learner, chain and issue time, then each token's hash and expiry: the
        /// placeholders of `insertPair`, from its `first`.
        func appendBindings(to bindings: inout PostgresBindings) {
            bindings.append(issued.learnerID)
            bindings.append(issued.chainID)
            bindings.append(issuedAt)
            bindings.append(access.hash)
            bindings.append(issued.accessExpiresAt)
            bindings.append(refresh.hash)
            bindings.append(issued.refreshExpiresAt)
        }
    }

    /// The insert of a new pair, its seven values at placeholders `first` onwards in the order of
    /// `NewPair.appendBindings`, so an operation can fold it into its own statement
    /// (`SignInStore.Open`).
    static func insertPair(first n: Int) -> String {
        """
        INSERT INTO auth_tokens (learner_id, token_hash, kind, chain_id, issued_at, expires_at)
        VALUES ($\(n), $\(n + 3), 'access', $\(n + 1), $\(n + 2), $\(n + 4)),
               ($\(n), $\(n + 5), 'refresh', $\(n + 1), $\(n + 2), $\(n + 6))
        """
    }

    /// Registration, a managed account's first sign-in and every refresh store a pair this way.
    struct InsertPair: PostgresPreparedStatement {
        /// A fixed name: the protocol's default reflects the type's name on every execution.
        static let name = "tokens.insertPair"
        static let sql = insertPair(first: 1)
        typealias Row = PostgresRow
        var pair: NewPair

        func makeBindings() throws -> PostgresBindings {
            var bindings = PostgresBindings()
            pair.appendBindings(to: &bindings)
            return bindings
        }

        func decodeRow(_ row: PostgresRow) throws -> Row { row }
    }

    /// The caller behind an access token, or nil when it is unknown, expired, revoked or erased.
    public static func authenticate(_ text: String, now: Date, in database: Database) async throws -> Principal? {
        guard let token = BearerToken.parse(text) else { return nil }
        return try await authenticate(token, now: now, in: database)
    }

    public static func authenticate(_ token: BearerToken, now: Date, in database: Database) async throws -> Principal? {
        try await database.withConnection { connection in
            try await authenticate(token, now: now, on: connection, logger: database.logger)
        }
    }

    public static func authenticate(_ token: BearerToken, now: Date, on connection: PostgresConnection, logger: Logger) async throws -> Principal? {
        let rows = try await connection.run(Authenticate(learnerID: token.learnerID, hash: token.hash, now: now), logger: logger)
        for try await (roles, chainID, guardianPending) in rows {
            return Principal(
                learnerID: token.learnerID,
                roles: Set(roles.compactMap(Role.init(rawValue:))),
                chainID: chainID,
                guardianPending: guardianPending
            )
        }
        return nil
    }

    /// Every signed-in request runs this: prepared once per connection, it skips PostgreSQL's
    /// parsing and planning (Benchmarks/README.md has what that bought).
    struct Authenticate: PostgresPreparedStatement {
        /// A fixed name: the protocol's default reflects the type's name on every execution.
        static let name = "tokens.authenticate"
        static let sql = """
            SELECT l.roles, t.chain_id, l.guardian_consent = 'pending'
            FROM auth_tokens t JOIN learners l ON l.learner_id = t.learner_id
            WHERE \(liveAccessToken(learner: "$1", hash: "$2", now: "$3"))
            """
        typealias Row = ([String], UUID, Bool)
        var learnerID: UUID
        var hash: ByteBuffer
        var now: Date

        func makeBindings() throws -> PostgresBindings {
            var bindings = PostgresBindings()
            bindings.append(learnerID)
            bindings.append(hash)
            bindings.append(now)
            return bindings
        }

        func decodeRow(_ row: PostgresRow) throws -> Row { try row.decode(Row.self) }
    }

    /// The condition, over `auth_tokens t JOIN learners l`, that an access token is live: the one
    /// check behind every signed-in request, also where an operation folds it into its own
    /// statement (`AttemptStore.AnswerTargetForToken`).
    static func liveAccessToken(learner: String, hash: String, now: String) -> String {
        """
        t.learner_id = \(learner) AND t.token_hash = \(hash) AND t.kind = 'access' \
        AND t.revoked_at IS NULL AND t.expires_at > \(now) AND l.erased_at IS NULL
        """
    }

    public static func refresh(_ text: String, now: Date, lifetimes: Lifetimes, in database: Database) async throws -> RefreshOutcome {
        guard let token = BearerToken.parse(text) else { return .invalid }
        let logger = database.logger
        return try await database.withTransaction { connection in
            let rows = try await connection.run(
                """
                SELECT t.chain_id, t.used_at, t.revoked_at IS NOT NULL, t.expires_at <= \(now) OR l.erased_at IS NOT NULL
                FROM auth_tokens t JOIN learners l ON l.learner_id = t.learner_id
                WHERE t.learner_id = \(token.learnerID) AND t.token_hash = \(token.hash) AND t.kind = 'refresh'
                FOR UPDATE OF t
                """,
                logger: logger
            ).collect()
            guard let row = rows.first else { return .invalid }
            let (chainID, usedAt, revoked, expired) = try row.decode((UUID, Date?, Bool, Bool).self)
            if revoked || expired { return .invalid }
            if let usedAt, now.timeIntervalSince(usedAt) > lifetimes.reuseGrace {
                try await revokeChain(learnerID: token.learnerID, chainID: chainID, now: now, on: connection, logger: logger)
                return .reused
            }
            if usedAt == nil {
                try await connection.run(
                    "UPDATE auth_tokens SET used_at = \(now) WHERE learner_id = \(token.learnerID) AND token_hash = \(token.hash)",
                    logger: logger
                )
            } else {
                // A retry within the grace (the answer to the first use was lost): the pair that
                // answer carried is ended, so retries never add live sessions.
                try await connection.run(
                    """
                    UPDATE auth_tokens SET revoked_at = \(now)
                    WHERE learner_id = \(token.learnerID) AND chain_id = \(chainID) AND revoked_at IS NULL AND token_hash <> \(token.hash)
                    """,
                    logger: logger
                )
            }
            return .issued(
                try await issue(learnerID: token.learnerID, chainID: chainID, now: now, lifetimes: lifetimes, on: connection, logger: logger)
            )
        }
    }

    public static func revokeChain(learnerID: UUID, chainID: UUID, now: Date, on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.run(
            """
            UPDATE auth_tokens SET revoked_at = \(now)
            WHERE learner_id = \(learnerID) AND chain_id = \(chainID) AND revoked_at IS NULL
            """,
            logger: logger
        )
    }

    /// Revokes every session of the learner but `keeping` (after a password change).
    public static func revokeAll(learnerID: UUID, keeping: UUID?, now: Date, on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.run(
            """
            UPDATE auth_tokens SET revoked_at = \(now)
            WHERE learner_id = \(learnerID) AND revoked_at IS NULL AND chain_id IS DISTINCT FROM \(keeping)
            """,
            logger: logger
        )
    }
}
