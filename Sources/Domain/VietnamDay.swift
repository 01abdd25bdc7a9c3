import Foundation

/// A calendar day as Vietnam counts it (UTC+7 all year, no daylight saving): the unit of reach,
/// reporting periods and reference data. `YYYY-MM-DD` on the wire and in SQL.
///
/// This is the only place a day is parsed: everything else holds a `VietnamDay` or its `text`.
public struct VietnamDay: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    /// The day `text` names, when it is `YYYY-MM-DD` and a real day (no 30 February).
    public init?(_ text: some StringProtocol) {
        let bytes = Array(text.utf8)
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-") else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for byte in bytes[range] {
                guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
            }
            return value
        }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10),
            (1...12).contains(month), (1...Self.daysIn(year: year, month: month)).contains(day)
        else { return nil }
        self.init(year: year, month: month, day: day)
    }

    private init(year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// The Vietnam day that `date` falls on.
    public init(of date: Date) {
        let parts = VietnamCalendar.calendar.dateComponents([.year, .month, .day], from: date)
        self.init(year: parts.year!, month: parts.month!, day: parts.day!)
    }

    /// 31 December of `year`.
    public static func lastDay(of year: Int) -> VietnamDay { VietnamDay(year: year, month: 12, day: 31) }

    /// 1 January of `year`.
    public static func firstDay(of year: Int) -> VietnamDay { VietnamDay(year: year, month: 1, day: 1) }

    public var text: String {
        let digits = { (value: Int, width: Int) -> String in
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return "\(digits(year, 4))-\(digits(month, 2))-\(digits(day, 2))"
    }

    public var description: String { text }

    /// Midnight in Vietnam at the start of this day.
    public var start: Date {
        VietnamCalendar.calendar.date(from: DateComponents(year: year, month: month, day: day))!
    }

    /// This day moved by `days` days.
    public func plus(days: Int) -> VietnamDay {
        VietnamDay(of: start.addingTimeInterval(Double(days) * 86_400))
    }

    public var isMonthEnd: Bool { day == Self.daysIn(year: year, month: month) }

    /// The last month end on or before this day: breakdowns are as of month ends.
    public var monthEndOnOrBefore: VietnamDay {
        if isMonthEnd { return self }
        let (year, month) = month == 1 ? (year - 1, 12) : (year, month - 1)
        return VietnamDay(year: year, month: month, day: Self.daysIn(year: year, month: month))
    }

    /// Every month end from `from` through `through`, oldest first.
    public static func monthEnds(from: VietnamDay, through: VietnamDay) -> [VietnamDay] {
        var ends: [VietnamDay] = []
        var end = through.monthEndOnOrBefore
        while end >= from {
            ends.append(end)
            end = end.plus(days: -1).monthEndOnOrBefore
        }
        return ends.reversed()
    }

    public static func < (lhs: VietnamDay, rhs: VietnamDay) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    static func daysIn(year: Int, month: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }
}

extension VietnamDay: Codable {
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let day = VietnamDay(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not a day: \(text)"))
        }
        self = day
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(text)
    }
}
