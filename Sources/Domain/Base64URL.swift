/// Base64url without padding (RFC 4648 §5), refusing non-canonical input.
///
/// Written over bytes rather than through Foundation's Base64 and string replacement: every
/// signed-in request decodes its bearer token with it, and the Foundation path cost some 4% of
/// an answer save (Benchmarks/README.md).
public enum Base64URL {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)
    /// Where each character's six bits sit in a group of three bytes.
    private static let shifts: [UInt32] = [18, 12, 6, 0]

    /// Each byte's 6-bit value, or 0xFF for a byte outside the alphabet.
    private static let values: [UInt8] = {
        var table = [UInt8](repeating: 0xFF, count: 256)
        for (value, byte) in alphabet.enumerated() { table[Int(byte)] = UInt8(value) }
        return table
    }()

    public static func encode(_ bytes: some Collection<UInt8>) -> String {
        let bytes = Array(bytes)
        var out = [UInt8]()
        out.reserveCapacity((bytes.count * 4 + 2) / 3)
        var index = 0
        while index < bytes.count {
            let b0 = UInt32(bytes[index])
            let b1 = index + 1 < bytes.count ? UInt32(bytes[index + 1]) : 0
            let b2 = index + 2 < bytes.count ? UInt32(bytes[index + 2]) : 0
            let group = b0 << 16 | b1 << 8 | b2
            let characters = min(4, (bytes.count - index) * 4 / 3 + 1)
            for shift in shifts.prefix(characters) {
                out.append(alphabet[Int(group >> shift & 0x3F)])
            }
            index += 3
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The bytes, or nil for anything but the canonical encoding (so a changed character can
    /// never decode to the same bytes): no padding, no stray characters, and the unused low
    /// bits of the last character zero.
    public static func decode(_ text: String) -> [UInt8]? {
        var input = text
        return input.withUTF8 { utf8 -> [UInt8]? in
            let tail = utf8.count % 4
            guard tail != 1 else { return nil }
            var out = [UInt8]()
            out.reserveCapacity(utf8.count * 3 / 4)
            var group: UInt32 = 0
            var count = 0
            for byte in utf8 {
                let value = values[Int(byte)]
                guard value != 0xFF else { return nil }
                group = group << 6 | UInt32(value)
                count += 1
                if count == 4 {
                    out.append(UInt8(group >> 16 & 0xFF))
                    out.append(UInt8(group >> 8 & 0xFF))
                    out.append(UInt8(group & 0xFF))
                    group = 0
                    count = 0
                }
            }
            switch tail {
            case 2:
                guard group & 0x0F == 0 else { return nil }
                out.append(UInt8(group >> 4))
            case 3:
                guard group & 0x03 == 0 else { return nil }
                out.append(UInt8(group >> 10 & 0xFF))
                out.append(UInt8(group >> 2 & 0xFF))
            default:
                break
            }
            return out
        }
    }
}
