import Domain
import Foundation
import ZIPFoundation

/// A W3C Bitstring Status List: one bit per credential, set when it is revoked.
///
/// The list is at least 131,072 bits (16 KiB) so that which entry a verifier fetches says little
/// about which credential it checks (the specification's herd privacy), GZIP-compressed and
/// multibase-encoded as base64url with the `u` prefix.
public enum StatusList {
    public static let minimumBits = 131_072

    public static func encodedList(revoked: Set<Int>, size: Int = minimumBits) throws -> String {
        var bits = [UInt8](repeating: 0, count: (max(size, minimumBits) + 7) / 8)
        for index in revoked where index >= 0 && index / 8 < bits.count {
            // Bit 0 is the most significant bit of the first byte.
            bits[index / 8] |= 0x80 >> UInt8(index % 8)
        }
        return "u" + Base64URL.encode(try gzip(Data(bits)))
    }

    /// Whether `index` is set in an encoded list.
    public static func isSet(_ index: Int, in encoded: String) throws -> Bool {
        guard encoded.hasPrefix("u"), let compressed = Base64URL.decode(String(encoded.dropFirst())) else {
            throw Malformed()
        }
        let bits = try gunzip(Data(compressed))
        guard index >= 0, index / 8 < bits.count else { throw Malformed() }
        return bits[bits.startIndex + index / 8] & (0x80 >> UInt8(index % 8)) != 0
    }

    public struct Malformed: Error {}

    /// GZIP (RFC 1952): a fixed header, the raw DEFLATE stream, CRC-32 and size.
    static func gzip(_ data: Data) throws -> Data {
        var deflated = Data()
        let crc = try Data.compress(
            size: Int64(data.count),
            bufferSize: 64 * 1024,
            provider: { position, size in
                // ZIPFoundation may ask for a whole buffer past the end; give what there is.
                data.subdata(in: Int(position)..<min(data.count, Int(position) + size))
            },
            consumer: { chunk in
                deflated.append(chunk)
            }
        )
        var result = Data([0x1F, 0x8B, 0x08, 0x00, 0, 0, 0, 0, 0x00, 0xFF])
        result.append(deflated)
        withUnsafeBytes(of: crc.littleEndian) { result.append(contentsOf: $0) }
        withUnsafeBytes(of: UInt32(truncatingIfNeeded: data.count).littleEndian) { result.append(contentsOf: $0) }
        return result
    }

    static func gunzip(_ data: Data) throws -> Data {
        guard data.count >= 18, data[data.startIndex] == 0x1F, data[data.startIndex + 1] == 0x8B else { throw Malformed() }
        let body = data.subdata(in: (data.startIndex + 10)..<(data.endIndex - 8))
        var inflated = Data()
        _ = try Data.decompress(
            size: Int64(body.count),
            bufferSize: 64 * 1024,
            skipCRC32: true,
            provider: { position, size in
                body.subdata(in: Int(position)..<min(body.count, Int(position) + size))
            },
            consumer: { chunk in
                inflated.append(chunk)
            }
        )
        return inflated
    }
}
