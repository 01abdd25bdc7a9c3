import Crypto
import Domain
import Foundation
import Logging
import Persistence
import PostgresNIO

/// Runs a write that creates something at most once per caller and `Idempotency-Key`.
///
/// Handlers call this with their decoded input; the key row and the write share one transaction
/// (see `IdempotencyStore`). The request is identified by the operation and the canonical JSON of
/// its input, so the same key with another body is refused with 422. Never use it for responses
/// that carry tokens: those must not be stored.
public enum IdempotentWrite {
    public struct Result<Output: Sendable>: Sendable {
        public var output: Output
        public var replayed: Bool
    }

    public static func perform<Input: Encodable, Output: Codable & Sendable>(
        key: String?,
        callerID: String,
        operation: String,
        input: Input,
        status: Int,
        database: Database,
        clock: WallClock,
        write: (PostgresConnection) async throws -> Output
    ) async throws -> Result<Output> {
        // A malformed key is refused before a connection is taken.
        if let key { try validate(key: key) }
        return try await database.withTransaction { connection in
            try await perform(
                key: key,
                callerID: callerID,
                operation: operation,
                input: input,
                status: status,
                on: connection,
                logger: database.logger,
                clock: clock,
                write: write
            )
        }
    }

    /// `perform` in the caller's transaction, after statements of its own (submit checks the token
    /// and locks the attempt before the key is looked at, so a dead token never gets a replay).
    public static func perform<Input: Encodable, Output: Codable & Sendable>(
        key: String?,
        callerID: String,
        operation: String,
        input: Input,
        status: Int,
        on connection: PostgresConnection,
        logger: Logger,
        clock: WallClock,
        write: (PostgresConnection) async throws -> Output
    ) async throws -> Result<Output> {
        guard let key else {
            return Result(output: try await write(connection), replayed: false)
        }
        try validate(key: key)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var fingerprint = Data("\(operation)\n".utf8)
        fingerprint.append(try encoder.encode(input))
        let outcome = try await IdempotencyStore.perform(
            key: key,
            callerID: callerID,
            requestHash: Array(SHA256.hash(data: fingerprint)),
            now: clock.now(),
            on: connection,
            logger: logger
        ) { connection in
            let output = try await write(connection)
            return StoredResponse(status: status, contentType: "application/json", body: Array(try encoder.encode(output)))
        }
        let output = try JSONDecoder().decode(Output.self, from: Data(outcome.response.body))
        if case .replayed = outcome {
            return Result(output: output, replayed: true)
        }
        return Result(output: output, replayed: false)
    }

    /// Keys are opaque to the server but bounded: 1 to 255 visible ASCII characters.
    static func validate(key: String) throws {
        guard (1...255).contains(key.utf8.count), key.utf8.allSatisfy({ (0x21...0x7E).contains($0) }) else {
            throw Refusal(
                .validation,
                errors: [
                    FieldError(
                        pointer: "/headers/Idempotency-Key",
                        message: LocalizedText(
                            vi: "Idempotency-Key phải gồm 1 đến 255 ký tự ASCII nhìn thấy được.",
                            en: "Idempotency-Key must be 1 to 255 visible ASCII characters."
                        )
                    )
                ]
            )
        }
    }
}
