import Domain
import Foundation

/// Reading the statistics routes' query parameters, each problem as a field error so every one
/// is reported at once.
enum StatisticsQuery {
    /// A Vietnam day from 2020 (when reach figures start) through `today`; nil (with an error)
    /// when it is not one.
    static func day(_ text: String, pointer: String, today: String, errors: inout [FieldError]) -> String? {
        if !VietnamCalendar.isDay(text) {
            errors.append(FieldError(pointer: pointer, message: .notADay))
        } else if text < "2020-01-01" {
            errors.append(FieldError(pointer: pointer, message: .beforeReachFigures))
        } else if text > today {
            errors.append(FieldError(pointer: pointer, message: .dayNotYet))
        } else {
            return text
        }
        return nil
    }

    /// `groupBy`: one or two distinct dimensions, comma-separated; empty or absent means none.
    static func dimensions(_ text: String?, errors: inout [FieldError]) -> [ReachDimension] {
        guard let text, !text.isEmpty else { return [] }
        var dimensions: [ReachDimension] = []
        for name in text.split(separator: ",", omittingEmptySubsequences: false).map({ $0.trimmingCharacters(in: .whitespaces) }) {
            guard let dimension = ReachDimension(rawValue: name), !dimensions.contains(dimension) else {
                errors.append(FieldError(pointer: "/query/groupBy", message: LocalizedText(
                    vi: "groupBy gồm một hoặc hai trong: province, sex, ageBand, group, channel (không lặp lại).",
                    en: "groupBy takes one or two of province, sex, ageBand, group, channel, each once."
                )))
                return []
            }
            dimensions.append(dimension)
        }
        if dimensions.count > 2 {
            errors.append(FieldError(pointer: "/query/groupBy", message: LocalizedText(
                vi: "Một bảng có tối đa hai chiều.", en: "A table has at most two dimensions."
            )))
        }
        return dimensions
    }
}
