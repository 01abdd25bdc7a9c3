import Domain
import NIOCore
import PostgresNIO

/// A Vietnam day bound as PostgreSQL's `date`, not as text cast with `::date`.
///
/// The difference matters in statements that read many rows: text-to-date depends on `DateStyle`,
/// so PostgreSQL cannot fold `daterange($1::date, ...)` into a constant when `$1` is text and
/// evaluates it again for every row (a province report spent two thirds of its time there). A
/// `date` parameter is a constant of the custom plan, folded once.
struct SQLDate: PostgresNonThrowingEncodable {
    let day: VietnamDay

    init(_ day: VietnamDay) {
        self.day = day
    }

    static var psqlType: PostgresDataType { .date }
    static var psqlFormat: PostgresFormat { .binary }

    /// The wire format: days since 2000-01-01, as a 32-bit integer.
    func encode<JSONEncoder: PostgresJSONEncoder>(into byteBuffer: inout ByteBuffer, context: PostgresEncodingContext<JSONEncoder>) {
        byteBuffer.writeInteger(Int32(Self.daysFromCivil(day.year, day.month, day.day) - Self.daysFromCivil(2000, 1, 1)))
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's `days_from_civil`).
    static func daysFromCivil(_ year: Int, _ month: Int, _ day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }
}
