import Foundation
import GRDB

/// Dates as Vietnamese offices write them (dd/mm/yyyy) and money as "1.500.000 đồng".
public enum Formats {
    /// A calendar day with no time zone; stored as ISO "yyyy-mm-dd" text.
    public struct Day: Hashable, Comparable, Sendable, Codable, DatabaseValueConvertible {
        public let year: Int, month: Int, day: Int

        public init?(year: Int, month: Int, day: Int) {
            guard (1900...2200).contains(year), (1...12).contains(month),
                  (1...Day.daysIn(month: month, year: year)).contains(day) else { return nil }
            self.year = year; self.month = month; self.day = day
        }

        /// Parses a date as people type it: "dd/mm/yyyy", or "dd/mm" for this year (`thisYear`),
        /// with "/", "-" or "." between. A two-digit year is refused: which century is a guess.
        public init?(vietnamese text: String, thisYear: Int = Day.today().year) {
            let parts = text.trimmingCharacters(in: .whitespaces)
                .split(whereSeparator: { $0 == "/" || $0 == "-" || $0 == "." })
            guard parts.count == 2 || parts.count == 3, parts.allSatisfy({ $0.allSatisfy(\.isASCII) }),
                  let d = Int(parts[0]), let m = Int(parts[1]) else { return nil }
            if parts.count == 2 { self.init(year: thisYear, month: m, day: d); return }
            guard parts[2].count == 4, let y = Int(parts[2]) else { return nil }
            self.init(year: y, month: m, day: d)
        }

        /// Reads the date forms found in real registers: dd/mm/yyyy, d/m/yy, yyyy-mm-dd and Excel
        /// serial day numbers (days since 30/12/1899, as spreadsheet cells store dates).
        public init?(flexible text: String, pivotYear: Int = Day.today().year) {
            let t = text.trimmingCharacters(in: .whitespaces)
            if let serial = Double(t), serial >= 1, serial < 2_958_466, !t.contains("/") {
                self.init(excelSerial: Int(serial.rounded(.down)))
                return
            }
            if let iso = Day(iso: t), t.count == 10, t.hasPrefix(String(format: "%04d", iso.year)) { self = iso; return }
            let parts = t.split(whereSeparator: { $0 == "/" || $0 == "-" || $0 == "." })
            guard parts.count == 3, let d = Int(parts[0]), let m = Int(parts[1]), var y = Int(parts[2]) else { return nil }
            if parts[2].count == 2 {
                // "5/6/24": this century unless that would be more than ten years ahead.
                y += y + 2000 > pivotYear + 10 ? 1900 : 2000
            } else if parts[2].count != 4 {
                return nil
            }
            self.init(year: y, month: m, day: d)
        }

        /// Days since 30/12/1899, the number spreadsheet date cells store.
        public var excelSerial: Int { Day.daysFromCivil(year, month, day) - Day.excelEpoch }

        public init?(excelSerial: Int) {
            let (y, m, d) = Day.civilFromDays(excelSerial + Day.excelEpoch)
            self.init(year: y, month: m, day: d)
        }

        /// The day `days` later (or earlier); stays put at the edges of the supported years.
        public func adding(days: Int) -> Day { Day(excelSerial: excelSerial + days) ?? self }

        /// 0 for Monday ... 6 for Sunday (30/12/1899, serial 0, was a Saturday).
        public var weekday: Int { ((excelSerial + 5) % 7 + 7) % 7 }

        /// The first and last day of the month this day is in.
        public var monthRange: ClosedRange<Day> {
            Day(unchecked: year, month, 1)...Day(unchecked: year, month, Day.daysIn(month: month, year: year))
        }

        private init(unchecked year: Int, _ month: Int, _ day: Int) { self.year = year; self.month = month; self.day = day }

        private static let excelEpoch = daysFromCivil(1899, 12, 30)

        /// Days since 1970-01-01 in the proleptic Gregorian calendar (H. Hinnant's algorithm),
        /// so date arithmetic needs no Calendar and no time zone.
        static func daysFromCivil(_ year: Int, _ month: Int, _ day: Int) -> Int {
            let y = month <= 2 ? year - 1 : year
            let era = (y >= 0 ? y : y - 399) / 400
            let yoe = y - era * 400
            let doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
            let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
            return era * 146_097 + doe - 719_468
        }

        static func civilFromDays(_ days: Int) -> (Int, Int, Int) {
            let z = days + 719_468
            let era = (z >= 0 ? z : z - 146_096) / 146_097
            let doe = z - era * 146_097
            let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
            let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
            let mp = (5 * doy + 2) / 153
            let d = doy - (153 * mp + 2) / 5 + 1
            let m = mp < 10 ? mp + 3 : mp - 9
            return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
        }

        /// Parses the stored ISO form "yyyy-mm-dd".
        public init?(iso text: String) {
            // yyyy-mm-dd, as the database keeps it, read from its bytes (a million visits' dates in an export).
            let b = Array(text.utf8.prefix(10))
            if b.count == 10, b[4] == 0x2D, b[7] == 0x2D {
                func number(_ r: Range<Int>) -> Int? {
                    var n = 0
                    for i in r { guard (0x30...0x39).contains(b[i]) else { return nil }; n = n * 10 + Int(b[i] - 0x30) }
                    return n
                }
                if let y = number(0..<4), let m = number(5..<7), let d = number(8..<10) { self.init(year: y, month: m, day: d); return }
            }
            let parts = text.prefix(10).split(separator: "-")
            guard parts.count == 3, let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]) else { return nil }
            self.init(year: y, month: m, day: d)
        }

        public static func today(_ now: Date = Date()) -> Day {
            var cal = Calendar(identifier: .gregorian)
            cal.timeZone = TimeZone.current
            let c = cal.dateComponents([.year, .month, .day], from: now)
            return Day(year: c.year ?? 2000, month: c.month ?? 1, day: c.day ?? 1) ?? Day(unchecked: c.year ?? 2000, c.month ?? 1, c.day ?? 1)
        }

        public var vietnamese: String { String(format: "%02d/%02d/%04d", day, month, year) }
        public var iso: String { String(format: "%04d-%02d-%02d", year, month, day) }

        public static func < (a: Day, b: Day) -> Bool { (a.year, a.month, a.day) < (b.year, b.month, b.day) }

        public var databaseValue: DatabaseValue { iso.databaseValue }

        public static func fromDatabaseValue(_ dbValue: DatabaseValue) -> Day? {
            String.fromDatabaseValue(dbValue).flatMap { Day(iso: $0) }
        }

        static func daysIn(month: Int, year: Int) -> Int {
            switch month {
            case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
            case 4, 6, 9, 11: return 30
            default: return 31
            }
        }
    }

    /// "1500000" -> "1.500.000" (dot thousands separator, whole đồng).
    /// A share in whole percent, rounded half up (4 of 6 is 67%); nil of nothing. The one rule
    /// for every percentage the ward sees: screens, reports, files and the combined report.
    public static func percent(_ part: Int64, of whole: Int64) -> Int64? {
        whole <= 0 ? nil : (part * 200 + whole) / (2 * whole)
    }

    public static func groupedDigits(_ amount: Int64) -> String {
        let digits = String(amount.magnitude)
        var out = ""
        for (i, ch) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(".") }
            out.append(ch)
        }
        return amount < 0 ? "-" + out : out
    }

    /// Reads an amount typed as "1.500.000", "1 500 000" or "1500000" (đồng, no decimals).
    public static func parseMoney(_ text: String) -> Int64? {
        var t = text.trimmingCharacters(in: .whitespaces)
        for suffix in ["đồng", "đ", "VND", "vnd"] where t.hasSuffix(suffix) {
            t = String(t.dropLast(suffix.count)).trimmingCharacters(in: .whitespaces)
        }
        let digits = t.filter { $0 != "." && $0 != " " && $0 != "," }
        guard !digits.isEmpty, digits.allSatisfy(\.isASCII), digits.allSatisfy(\.isNumber),
              digits.count <= 15 else { return nil }
        return Int64(digits)
    }

    /// Reads a whole number, allowing "." grouping.
    public static func parseInt(_ text: String) -> Int? {
        let t = text.trimmingCharacters(in: .whitespaces).filter { $0 != "." }
        guard !t.isEmpty, t.count <= 9, t.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == "-") }) else { return nil }
        return Int(t)
    }
}
