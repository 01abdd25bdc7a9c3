import Foundation

/// Reading the statistics routes' query parameters, each problem as a field error so every one
/// is reported at once.
public enum StatisticsQuery {
    /// A Vietnam day from 2020 (when reach figures start) through `today`; nil (with an error)
    /// when it is not one.
    public static func day(_ text: String, pointer: String, today: VietnamDay, errors: inout [FieldError]) -> VietnamDay? {
        guard let day = VietnamDay(text) else {
            errors.append(FieldError(pointer: pointer, message: .notADay))
            return nil
        }
        if day < VietnamDay.firstDay(of: 2020) {
            errors.append(FieldError(pointer: pointer, message: .beforeReachFigures))
        } else if day > today {
            errors.append(FieldError(pointer: pointer, message: .dayNotYet))
        } else {
            return day
        }
        return nil
    }

    /// The day a year's figures are read at: today for this year, the year's last day for an
    /// earlier one; nil (with an error) before 2020, when reach figures start, or after this year.
    public static func day(ofYear year: Int, pointer: String, today: VietnamDay, errors: inout [FieldError]) -> VietnamDay? {
        if year < 2020 {
            errors.append(FieldError(pointer: pointer, message: .beforeReachFigures))
        } else if year > today.year {
            errors.append(FieldError(pointer: pointer, message: LocalizedText(vi: "Năm chưa tới.", en: "That year has not come yet.")))
        } else {
            return year == today.year ? today : VietnamDay.lastDay(of: year)
        }
        return nil
    }

    /// `groupBy`: one or two distinct dimensions, comma-separated; empty or absent means none.
    public static func dimensions(_ text: String?, errors: inout [FieldError]) -> [ReachDimension] {
        guard let text, !text.isEmpty else { return [] }
        var dimensions: [ReachDimension] = []
        for name in text.split(separator: ",", omittingEmptySubsequences: false).map({ $0.trimmingCharacters(in: .whitespaces) }) {
            guard let dimension = ReachDimension(rawValue: name), !dimensions.contains(dimension) else {
                errors.append(
                    FieldError(
                        pointer: "/query/groupBy",
                        message: LocalizedText(
                            vi: "groupBy gồm một hoặc hai trong: province, sex, ageBand, group, channel (không lặp lại).",
                            en: "groupBy takes one or two of province, sex, ageBand, group, channel, each once."
                        )
                    )
                )
                return []
            }
            dimensions.append(dimension)
        }
        if dimensions.count > 2 {
            errors.append(
                FieldError(
                    pointer: "/query/groupBy",
                    message: LocalizedText(
                        vi: "Một bảng có tối đa hai chiều.",
                        en: "A table has at most two dimensions."
                    )
                )
            )
        }
        return dimensions
    }
}
