import Domain
import Foundation
import Testing

@Suite struct VietnamDayTests {
    static func instant(_ iso: String) -> Date {
        guard let date = ISO8601DateFormatter().date(from: iso) else { preconditionFailure("bad test instant \(iso)") }
        return date
    }

    static func day(_ text: String) -> VietnamDay {
        guard let day = VietnamDay(text) else { preconditionFailure("bad test day \(text)") }
        return day
    }

    @Test func aRealDayParsesIntoItsParts() throws {
        let leap = try #require(VietnamDay("2024-02-29"))
        #expect(leap.year == 2024 && leap.month == 2 && leap.day == 29)
        let end = try #require(VietnamDay("2026-12-31"))
        #expect(end.year == 2026 && end.month == 12 && end.day == 31)
        #expect(VietnamDay("2000-02-29") != nil, "2000 is divisible by 400, so a leap year")
        #expect(VietnamDay("2024-04-30") != nil)
    }

    @Test(arguments: [
        "2023-02-29", "1900-02-29", "2024-02-30", "2024-04-31", "2024-13-01", "2024-00-10", "2024-01-00", "2024-01-32",
        "2024-1-01", "2024-01-1", "24-01-01", "２０２４-01-01", "٢٠٢٤-01-01", "2024-01-01x", " 2024-01-01", "2024-01-01 ",
        "2024/01/01", "2024-0a-01", "+024-01-01", "2024-01-01T00:00", "",
    ])
    func anythingButARealYYYYMMDDDayIsRefused(text: String) {
        #expect(VietnamDay(text) == nil)
    }

    @Test func aSubstringParsesLikeAString() {
        let line = "day=2024-02-29;"
        let slice = line.dropFirst(4).dropLast()
        #expect(VietnamDay(slice) == VietnamDay("2024-02-29"))
    }

    @Test func theDayOfAnInstantFollowsVietnamMidnightAtSeventeenHundredUTC() {
        #expect(VietnamDay(of: Self.instant("2026-03-01T16:59:59Z")).text == "2026-03-01")
        #expect(VietnamDay(of: Self.instant("2026-03-01T17:00:00Z")).text == "2026-03-02")
        #expect(VietnamDay(of: Self.instant("2026-03-01T00:00:00Z")).text == "2026-03-01", "07:00 in Vietnam")
        #expect(VietnamDay(of: Self.instant("2025-12-31T16:59:59Z")).text == "2025-12-31")
        #expect(VietnamDay(of: Self.instant("2025-12-31T17:00:00Z")).text == "2026-01-01", "the new year comes 7 hours before UTC's")
        #expect(VietnamDay(of: Self.instant("2024-02-28T17:00:00Z")).text == "2024-02-29")
        #expect(VietnamDay(of: Self.instant("2026-03-02T06:59:59+07:00")).text == "2026-03-02")
    }

    @Test func aDayStartsAtMidnightVietnamTime() {
        #expect(Self.day("2026-03-02").start == Self.instant("2026-03-01T17:00:00Z"))
        #expect(Self.day("2026-01-01").start == Self.instant("2025-12-31T17:00:00Z"))
        #expect(VietnamDay(of: Self.day("2024-02-29").start) == Self.day("2024-02-29"))
        #expect(VietnamDay(of: Self.day("2024-02-29").start.addingTimeInterval(-1)) == Self.day("2024-02-28"))
    }

    @Test(arguments: ["2024-02-29", "2026-01-01", "2025-12-31", "0999-09-09", "0001-01-01", "9999-12-31"])
    func textRoundTrips(text: String) throws {
        let day = try #require(VietnamDay(text))
        #expect(day.text == text)
        #expect(day.description == text)
        #expect(VietnamDay(day.text) == day)
    }

    @Test func firstAndLastDayOfAYear() {
        #expect(VietnamDay.firstDay(of: 2026).text == "2026-01-01")
        #expect(VietnamDay.lastDay(of: 2026).text == "2026-12-31")
        #expect(VietnamDay.lastDay(of: 2025).plus(days: 1) == VietnamDay.firstDay(of: 2026))
    }

    @Test func movingByDaysCrossesMonthsYearsAndLeapDays() {
        let cases: [(String, Int, String)] = [
            ("2024-02-28", 1, "2024-02-29"),
            ("2024-02-28", 2, "2024-03-01"),
            ("2023-02-28", 1, "2023-03-01"),
            ("2024-03-01", -1, "2024-02-29"),
            ("2023-03-01", -1, "2023-02-28"),
            ("2026-01-31", 1, "2026-02-01"),
            ("2026-04-30", 1, "2026-05-01"),
            ("2025-12-31", 1, "2026-01-01"),
            ("2026-01-01", -1, "2025-12-31"),
            ("2026-03-15", 0, "2026-03-15"),
            ("2024-01-01", 366, "2025-01-01"),
            ("2025-01-01", 365, "2026-01-01"),
            ("2026-01-01", 3_652, "2036-01-01"),
            ("2036-01-01", -3_652, "2026-01-01"),
        ]
        for (from, days, expected) in cases {
            #expect(Self.day(from).plus(days: days).text == expected, "\(from) + \(days)")
        }
    }

    /// Property: walking one day at a time over several years, each step is the next day of the
    /// month or the first of the next month, and the month ends exactly where the walk turns.
    @Test func steppingOneDayAtATimeVisitsEveryDayOnce() {
        let daysInMonth = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        var day = Self.day("2023-01-01")
        var visited = 0
        while day.year < 2029 {
            let next = day.plus(days: 1)
            let length = day.month == 2 && day.year % 4 == 0 ? 29 : daysInMonth[day.month - 1]
            if day.day == length {
                #expect(day.isMonthEnd, "\(day)")
                #expect(next.day == 1 && next.month == day.month % 12 + 1, "\(day) -> \(next)")
                #expect(next.year == (day.month == 12 ? day.year + 1 : day.year))
            } else {
                #expect(!day.isMonthEnd, "\(day)")
                #expect(next.year == day.year && next.month == day.month && next.day == day.day + 1, "\(day) -> \(next)")
            }
            #expect(day < next)
            #expect(next.plus(days: -1) == day)
            day = next
            visited += 1
        }
        #expect(visited == 365 * 6 + 2, "2023 through 2028 holds two leap days")
    }

    @Test func monthEnds() {
        #expect(Self.day("2024-02-29").isMonthEnd)
        #expect(Self.day("2023-02-28").isMonthEnd)
        #expect(!Self.day("2024-02-28").isMonthEnd, "not in a leap year")
        #expect(Self.day("2026-04-30").isMonthEnd)
        #expect(!Self.day("2026-01-30").isMonthEnd)
        #expect(Self.day("2026-12-31").isMonthEnd)
        #expect(!Self.day("2026-12-01").isMonthEnd)
    }

    @Test func theMonthEndOnOrBeforeADay() {
        let cases: [(String, String)] = [
            ("2026-03-15", "2026-02-28"),
            ("2024-03-15", "2024-02-29"),
            ("2026-03-01", "2026-02-28"),
            ("2026-03-31", "2026-03-31"),
            ("2026-03-30", "2026-02-28"),
            ("2026-01-10", "2025-12-31"),
            ("2026-01-31", "2026-01-31"),
            ("2026-05-20", "2026-04-30"),
        ]
        for (day, expected) in cases {
            #expect(Self.day(day).monthEndOnOrBefore.text == expected, "\(day)")
        }
    }

    @Test func everyMonthEndInARangeOldestFirst() {
        #expect(
            VietnamDay.monthEnds(from: Self.day("2025-11-15"), through: Self.day("2026-03-10")).map(\.text)
                == ["2025-11-30", "2025-12-31", "2026-01-31", "2026-02-28"]
        )
        #expect(
            VietnamDay.monthEnds(from: Self.day("2025-11-30"), through: Self.day("2026-01-31")).map(\.text)
                == ["2025-11-30", "2025-12-31", "2026-01-31"],
            "both ends count when they are month ends"
        )
        #expect(
            VietnamDay.monthEnds(from: Self.day("2024-01-01"), through: Self.day("2024-03-31")).map(\.text)
                == ["2024-01-31", "2024-02-29", "2024-03-31"]
        )
        #expect(VietnamDay.monthEnds(from: Self.day("2026-03-02"), through: Self.day("2026-03-20")).isEmpty, "no month end inside")
        #expect(VietnamDay.monthEnds(from: Self.day("2026-03-31"), through: Self.day("2026-03-31")).map(\.text) == ["2026-03-31"])
        #expect(VietnamDay.monthEnds(from: Self.day("2026-05-01"), through: Self.day("2026-01-31")).isEmpty, "an empty range")
        #expect(VietnamDay.monthEnds(from: Self.day("2016-01-01"), through: Self.day("2025-12-31")).count == 120)
    }

    @Test func daysOrderByYearThenMonthThenDay() {
        #expect(Self.day("2025-12-31") < Self.day("2026-01-01"))
        #expect(Self.day("2026-01-31") < Self.day("2026-02-01"))
        #expect(Self.day("2026-02-01") < Self.day("2026-02-10"))
        #expect(Self.day("2026-09-30") < Self.day("2026-10-01"), "numerically, not as single digits")
        #expect(!(Self.day("2026-02-10") < Self.day("2026-02-10")))
        #expect(Self.day("2026-02-10") <= Self.day("2026-02-10"))
        #expect(!(Self.day("2027-01-01") < Self.day("2026-12-31")))
        let texts = ["2026-10-01", "2025-12-31", "2026-02-01", "2026-01-31", "2024-02-29", "2026-09-30"]
        #expect(texts.map(Self.day).sorted().map(\.text) == texts.sorted(), "the order of days is the order of their texts")
    }

    @Test func equalDaysAreEqualHoweverTheyWereMade() {
        let parsed = Self.day("2026-03-02")
        let fromInstant = VietnamDay(of: Self.instant("2026-03-01T18:30:00Z"))
        let moved = Self.day("2026-02-28").plus(days: 2)
        #expect(parsed == fromInstant && parsed == moved)
        #expect(Set([parsed, fromInstant, moved]).count == 1)
        #expect(parsed != Self.day("2026-03-03"))
    }

    @Test func codableAsItsTextAndRoundTrips() throws {
        struct Holder: Codable, Equatable { var day: VietnamDay }
        let holder = Holder(day: Self.day("2024-02-29"))
        let data = try JSONEncoder().encode(holder)
        #expect(String(decoding: data, as: UTF8.self) == #"{"day":"2024-02-29"}"#)
        #expect(try JSONDecoder().decode(Holder.self, from: data) == holder)
        let list = try JSONDecoder().decode([VietnamDay].self, from: Data(#"["2026-01-31","2025-12-31"]"#.utf8))
        #expect(list.map(\.text) == ["2026-01-31", "2025-12-31"])
    }

    @Test(arguments: [#"{"day":"2023-02-29"}"#, #"{"day":"2024-2-29"}"#, #"{"day":""}"#, #"{"day":20240229}"#, #"{"day":null}"#])
    func decodingRefusesWhatIsNotADay(json: String) {
        struct Holder: Codable { var day: VietnamDay }
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(Holder.self, from: Data(json.utf8)) }
    }

    @Test func decodingABadStringIsDataCorruptedNamingTheText() throws {
        do {
            _ = try JSONDecoder().decode([VietnamDay].self, from: Data(#"["2023-02-29"]"#.utf8))
            Issue.record("decoded a day that does not exist")
        } catch DecodingError.dataCorrupted(let context) {
            #expect(context.debugDescription.contains("2023-02-29"))
        }
    }
}
