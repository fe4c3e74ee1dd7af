/// A calendar date without a time zone, as `birthDate` and `issueDate` are.
///
/// Month and day are kept in a byte each: a date is then 16 bytes, not 24, and a timestamp 16, not
/// 48. Every value of a customer (`Scalar`) is as large as its largest case, a timestamp, so each
/// value takes 17 bytes instead of 49 and each field of a row's record 40 instead of 72: less
/// memory to move for every value of every row.
public struct CivilDate: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let year: Int
    private let storedMonth: UInt8
    private let storedDay: UInt8

    public var month: Int { Int(storedMonth) }
    public var day: Int { Int(storedDay) }

    /// A date, or nil when it does not exist (`31.02.1990`).
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
              (1...CivilDate.daysIn(month: month, year: year)).contains(day) else { return nil }
        self.year = year
        storedMonth = UInt8(month)
        storedDay = UInt8(day)
    }

    public static func < (lhs: CivilDate, rhs: CivilDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    /// `YYYY-MM-DD`.
    public var description: String {
        withText { String(decoding: $0, as: UTF8.self) }
    }

    public static func isLeap(_ year: Int) -> Bool {
        (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    }

    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Days since 1970-01-01 (Howard Hinnant's algorithm).
    public var daysSinceEpoch: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    public init(daysSinceEpoch days: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        year = yoe + era * 400 + (m <= 2 ? 1 : 0)
        storedMonth = UInt8(m)
        storedDay = UInt8(d)
    }

    /// Whole years from `self` to `other` (an age on `other`).
    public func years(until other: CivilDate) -> Int {
        var years = other.year - year
        if (other.month, other.day) < (month, day) { years -= 1 }
        return years
    }
}

/// A wall-clock date and time in the configured zone, as the payload's timestamps are written.
public struct CivilDateTime: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let date: CivilDate
    /// A byte each, as a date's month and day are (see `CivilDate`).
    private let storedHour: UInt8
    private let storedMinute: UInt8
    private let storedSecond: UInt8

    public var hour: Int { Int(storedHour) }
    public var minute: Int { Int(storedMinute) }
    public var second: Int { Int(storedSecond) }

    public init?(date: CivilDate, hour: Int, minute: Int, second: Int) {
        guard (0...23).contains(hour), (0...59).contains(minute), (0...59).contains(second) else { return nil }
        self.date = date
        storedHour = UInt8(hour)
        storedMinute = UInt8(minute)
        storedSecond = UInt8(second)
    }

    public init(secondsSinceEpoch seconds: Int) {
        let days = seconds >= 0 ? seconds / 86400 : (seconds - 86399) / 86400
        let rest = seconds - days * 86400
        date = CivilDate(daysSinceEpoch: days)
        storedHour = UInt8(rest / 3600)
        storedMinute = UInt8(rest % 3600 / 60)
        storedSecond = UInt8(rest % 60)
    }

    /// Seconds since 1970-01-01T00:00:00 on the same wall clock (no zone applied).
    public var secondsSinceEpoch: Int {
        date.daysSinceEpoch * 86400 + hour * 3600 + minute * 60 + second
    }

    public static func < (lhs: CivilDateTime, rhs: CivilDateTime) -> Bool {
        lhs.secondsSinceEpoch < rhs.secondsSinceEpoch
    }

    /// `YYYY-MM-DDTHH:mm:ss`.
    public var description: String {
        withText { String(decoding: $0, as: UTF8.self) }
    }
}

extension CivilDate {
    /// Calls `body` with `YYYY-MM-DD` formed on the stack (valid only during the call), so that it
    /// is appended at once: a byte at a time, each append checked the array's capacity and
    /// uniqueness, which made dates a visible part of writing main.json.
    func withText<Result>(_ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        guard (0...9999).contains(year) else {
            let yearText = Array(pad(year, 4).utf8)
            return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: yearText.count + 6) { text in
                _ = text.initialize(fromContentsOf: yearText)
                fillMonthAndDay(text, at: yearText.count)
                return body(UnsafeBufferPointer(text))
            }
        }
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 10) { text in
            fill(text)
            return body(UnsafeBufferPointer(text))
        }
    }

    /// Writes `YYYY-MM-DD` into the first ten bytes of `text`; the year is 0 to 9999.
    fileprivate func fill(_ text: UnsafeMutableBufferPointer<UInt8>) {
        putDigits(year, 4, text, at: 0)
        fillMonthAndDay(text, at: 4)
    }

    /// Writes `-MM-DD` into `text` from `offset` on.
    private func fillMonthAndDay(_ text: UnsafeMutableBufferPointer<UInt8>, at offset: Int) {
        text[offset] = UInt8(ascii: "-")
        putDigits(month, 2, text, at: offset + 1)
        text[offset + 3] = UInt8(ascii: "-")
        putDigits(day, 2, text, at: offset + 4)
    }
}

extension CivilDateTime {
    /// Calls `body` with `YYYY-MM-DDTHH:mm:ss` formed on the stack, like `CivilDate.withText`.
    func withText<Result>(_ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        guard (0...9999).contains(date.year) else {
            return date.withText { day in
                withUnsafeTemporaryAllocation(of: UInt8.self, capacity: day.count + 9) { text in
                    _ = text.initialize(fromContentsOf: day)
                    fillTime(text, at: day.count)
                    return body(UnsafeBufferPointer(text))
                }
            }
        }
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 19) { text in
            date.fill(text)
            fillTime(text, at: 10)
            return body(UnsafeBufferPointer(text))
        }
    }

    /// Writes `THH:mm:ss` into `text` from `offset` on.
    private func fillTime(_ text: UnsafeMutableBufferPointer<UInt8>, at offset: Int) {
        text[offset] = UInt8(ascii: "T")
        putDigits(hour, 2, text, at: offset + 1)
        text[offset + 3] = UInt8(ascii: ":")
        putDigits(minute, 2, text, at: offset + 4)
        text[offset + 6] = UInt8(ascii: ":")
        putDigits(second, 2, text, at: offset + 7)
    }
}

/// Writes `value` (0 ≤ value < 10^width) as exactly `width` decimal digits at `offset`.
private func putDigits(_ value: Int, _ width: Int, _ text: UnsafeMutableBufferPointer<UInt8>, at offset: Int) {
    var rest = value
    for index in stride(from: offset + width - 1, through: offset, by: -1) {
        text[index] = UInt8(ascii: "0") + UInt8(truncatingIfNeeded: rest % 10)
        rest /= 10
    }
}

func pad(_ value: Int, _ width: Int) -> String {
    let text = String(value)
    return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
}

extension CivilDateTime {
    /// `YYYY-MM-DDTHHmmss`: the time as a folder name, without the colons some file systems refuse.
    var folderStamp: String {
        description.replacingOccurrences(of: ":", with: "")
    }
}
