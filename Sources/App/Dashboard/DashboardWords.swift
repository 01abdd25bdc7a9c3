import Domain
import Foundation

extension DashboardPage {
    /// Picks the Vietnamese or English text, and writes numbers and days as that language does:
    /// vi `1.234.567`, `45,6%`, `26/11/2026`; en `1,234,567`, `45.6%`, `26 Nov 2026`.
    struct Words {
        let language: Language

        init(_ language: Language) { self.language = language }

        func callAsFunction(_ vi: String, _ en: String) -> String { language == .vi ? vi : en }

        /// A count; nil is a withheld one.
        func count(_ value: Int?) -> String { value.map(integer) ?? "<10" }

        func integer(_ value: Int) -> String {
            let digits = String(value.magnitude)
            var out = ""
            for (index, digit) in digits.enumerated() {
                if index > 0, (digits.count - index) % 3 == 0 { out += language == .vi ? "." : "," }
                out.append(digit)
            }
            return value < 0 ? "-" + out : out
        }

        /// A 0…1 share as a percentage, rounded half away from zero.
        func percent(_ share: Double) -> String { percent(share, digits: 1) }

        func percent(_ share: Double, digits: Int) -> String {
            let scale = digits == 0 ? 1.0 : 10
            let scaled = Int((share * 100 * scale).rounded())
            let whole = integer(scaled / Int(scale))
            return (digits == 0 ? whole : whole + (language == .vi ? "," : ".") + String(abs(scaled) % 10)) + "%"
        }

        /// Targets are usually whole percentages; "50%" reads better than "50,0%".
        func target(_ share: Double) -> String {
            (share * 100).rounded() == ((share * 1000).rounded() / 10) ? percent(share, digits: 0) : percent(share)
        }

        func day(_ iso: String) -> String {
            guard let (year, month, day) = parts(iso) else { return iso }
            return language == .vi
                ? String(format: "%02d/%02d/%04d", day, month, year)
                : "\(day) \(Self.months[month - 1]) \(year)"
        }

        func month(_ iso: String) -> String {
            guard let (year, month, _) = parts(iso) else { return iso }
            return language == .vi ? "\(month)/\(year)" : "\(Self.months[month - 1]) \(year)"
        }

        private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

        private func parts(_ iso: String) -> (Int, Int, Int)? {
            let fields = iso.split(separator: "-").compactMap { Int($0) }
            guard iso.count == 10, fields.count == 3, (1...12).contains(fields[1]), (1...31).contains(fields[2]) else { return nil }
            return (fields[0], fields[1], fields[2])
        }
    }
}
