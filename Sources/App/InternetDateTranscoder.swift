import Foundation
import OpenAPIRuntime

/// The API's `date-time` values, `2026-11-26T18:10:24Z`, written without a date formatter.
///
/// It writes exactly what OpenAPIRuntime's default ISO 8601 transcoder writes (a test compares
/// the two), but by arithmetic: the default goes through ICU under a lock shared by every
/// request, and showed in the answer-save profile. Reading, which only request parameters need,
/// stays with the default.
struct InternetDateTranscoder: DateTranscoder {
    private let fallback = ISO8601DateTranscoder()

    func encode(_ date: Date) throws -> String {
        // The default rounds to the millisecond first, then drops the milliseconds.
        let milliseconds = (date.timeIntervalSince1970 * 1000).rounded()
        guard abs(milliseconds) < 1e15 else { return try fallback.encode(date) }
        let seconds = Int64(milliseconds).dividedRoundingDown(by: 1000)
        let day = seconds.dividedRoundingDown(by: 86_400)
        let dayOfSecond = seconds - day * 86_400
        let (year, month, dayOfMonth) = Self.civil(fromDays: day)
        // Before 1600 the default switches to the Julian calendar; no date here is that old.
        guard (1600...9999).contains(year) else { return try fallback.encode(date) }
        var text = [UInt8]()
        text.reserveCapacity(20)
        func digits(_ value: Int64, _ count: Int) {
            var divisor: Int64 = 1
            for _ in 1..<count { divisor *= 10 }
            while divisor > 0 {
                text.append(UInt8(ascii: "0") + UInt8(value / divisor % 10))
                divisor /= 10
            }
        }
        digits(year, 4)
        text.append(UInt8(ascii: "-"))
        digits(month, 2)
        text.append(UInt8(ascii: "-"))
        digits(dayOfMonth, 2)
        text.append(UInt8(ascii: "T"))
        digits(dayOfSecond / 3600, 2)
        text.append(UInt8(ascii: ":"))
        digits(dayOfSecond / 60 % 60, 2)
        text.append(UInt8(ascii: ":"))
        digits(dayOfSecond % 60, 2)
        text.append(UInt8(ascii: "Z"))
        return String(decoding: text, as: UTF8.self)
    }

    func decode(_ text: String) throws -> Date {
        try fallback.decode(text)
    }

    /// The proleptic Gregorian date of a day counted from 1970-01-01 (Howard Hinnant's
    /// `civil_from_days`).
    static func civil(fromDays days: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
        let month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}

extension Int64 {
    fileprivate func dividedRoundingDown(by divisor: Int64) -> Int64 {
        let (quotient, remainder) = quotientAndRemainder(dividingBy: divisor)
        return remainder < 0 ? quotient - 1 : quotient
    }
}
