import Foundation

/// The period a yearly report covers, in Vietnam days, both ends included (issue 19, item 7).
///
/// Reports to the national authority are yearly and due by 5 December, so the default is the
/// year to date: 1 January of today's Vietnam year through today. A period ends today at the
/// latest, starts on or before it ends, and covers at most 366 days (a leap year).
public struct ReportPeriod: Sendable, Equatable, Codable {
    public var from: VietnamDay
    public var to: VietnamDay

    public static let longestDays = 366

    public init(from: VietnamDay, to: VietnamDay) {
        self.from = from
        self.to = to
    }

    /// The year to date.
    public static func yearToDate(today: VietnamDay) -> ReportPeriod {
        ReportPeriod(from: VietnamDay.firstDay(of: today.year), to: today)
    }

    /// 5 December of the year the period ends in: the day the yearly report is due.
    public var deadline: VietnamDay {
        VietnamDay(String(format: "%04d-12-05", to.year))!
    }

    /// Days in the period, both ends counted.
    public var days: Int {
        Int((to.start.timeIntervalSince(from.start) / 86_400).rounded()) + 1
    }

    /// The period from the fields as sent (absent means the default end), every bad field named
    /// at `pointers.from` / `pointers.to` (`/query/from` for a query, `/from` for a body).
    public static func validate(
        from fromText: String?,
        to toText: String?,
        today: VietnamDay,
        pointers: (from: String, to: String) = ("/query/from", "/query/to")
    ) -> Result<ReportPeriod, ValidationFailure> {
        var errors: [FieldError] = []
        func day(_ text: String?, pointer: String, default value: VietnamDay) -> VietnamDay? {
            guard let text else { return value }
            guard let day = VietnamDay(text) else {
                errors.append(FieldError(pointer: pointer, message: .notADay))
                return nil
            }
            if day < VietnamDay.firstDay(of: 2020) {
                errors.append(FieldError(pointer: pointer, message: .beforeReachFigures))
                return nil
            }
            if day > today {
                errors.append(FieldError(pointer: pointer, message: .dayNotYet))
                return nil
            }
            return day
        }
        let to = day(toText, pointer: pointers.to, default: today)
        // Without a start, the period starts on 1 January of the year it ends in.
        let from = day(fromText, pointer: pointers.from, default: VietnamDay.firstDay(of: (to ?? today).year))
        if let from, let to {
            let period = ReportPeriod(from: from, to: to)
            if from > to {
                errors.append(FieldError(pointer: pointers.from, message: ReportMessages.startsAfterEnd))
            } else if period.days > longestDays {
                errors.append(FieldError(pointer: pointers.to, message: ReportMessages.tooLong))
            }
            if errors.isEmpty { return .success(period) }
        }
        return .failure(ValidationFailure(errors: errors))
    }
}

public enum ReportMessages {
    public static let startsAfterEnd = LocalizedText(vi: "Ngày bắt đầu sau ngày kết thúc.", en: "The period starts after it ends.")
    public static let tooLong = LocalizedText(vi: "Kỳ báo cáo dài tối đa 366 ngày.", en: "A reporting period is at most 366 days.")
    public static let statisticiansDoNotIssue = LocalizedText(
        vi: "Chỉ quản trị viên và người quản lý mới phát hành được báo cáo.",
        en: "Only administrators and managers can issue a report."
    )
}
