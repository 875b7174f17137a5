/// Calendar dates as the trace readers need them: days since 1970-01-01 of a
/// proleptic Gregorian date, without Foundation's locale-dependent formatters.
public enum CivilDate {
    /// Days from 1970-01-01 to `year`-`month`-`day` (H. Hinnant's days_from_civil,
    /// "chrono-Compatible Low-Level Date Algorithms"). Negative before 1970.
    public static func daysFromEpoch(year: Int64, month: Int64, day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// Days in `month` of `year`.
    public static func daysIn(month: Int64, year: Int64) -> Int64 {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}
