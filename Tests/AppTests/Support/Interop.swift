import Crypto
import Foundation

/// Runs Tests/Interop/verify_ob3.py: openbadgeslib (PyPI), an independent Open Badges 3.0 verifier.
enum Interop {
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Interop/verify_ob3.py")

    /// SubjectPublicKeyInfo PEM of an Ed25519 key (RFC 8410).
    static func pem(_ key: Curve25519.Signing.PublicKey) -> String {
        let der = Data([0x30, 0x2A, 0x30, 0x05, 0x06, 0x03, 0x2B, 0x65, 0x70, 0x03, 0x21, 0x00]) + key.rawRepresentation
        return "-----BEGIN PUBLIC KEY-----\n\(der.base64EncodedString())\n-----END PUBLIC KEY-----\n"
    }

    static func verify(_ folder: URL) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "python3", script.path, folder.appendingPathComponent("credential.jwt").path,
            folder.appendingPathComponent("key.pem").path, folder.appendingPathComponent("status.jwt").path,
        ]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, output)
    }
}
