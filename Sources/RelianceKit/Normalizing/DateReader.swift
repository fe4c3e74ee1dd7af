import Foundation

/// Reads dates and timestamps: the mapping's patterns first, then the forms legacy exports use.
///
/// Without a pattern it accepts ISO 8601 (with `Z` or an offset), numeric dates in the mapping's
/// day/month order with `.`, `/` or `-` and a 24- or 12-hour time (`1/20/25 3:26 PM`), `yyyyMMdd`,
/// German and English month names, and five-digit Excel serial numbers (1900 system). A two-digit
/// year takes the century its field's `DateRole` allows.
struct DateReader: Sendable {
    enum Problem: Error, Equatable {
        /// The text has a date's shape but names no day in the calendar (or no time of day).
        case impossible
        /// The text is not a date in any accepted form.
        case unreadable
    }

    /// A date read, and whether its year was written with two digits.
    struct DateReading: Equatable {
        let date: CivilDate
        let twoDigitYear: Bool
    }

    let order: Settings.DateOrder
    let asOf: CivilDate
    let zone: TimeZone

    func readDate(_ text: String, patterns: [DatePattern], role: DateRole) -> Result<DateReading, Problem> {
        guard let fields = fields(of: text, patterns: patterns) else { return .failure(.unreadable) }
        guard let date = date(from: fields, role: role) else { return .failure(.impossible) }
        // A time the text gives must be one, though only its date is kept.
        if fields.hour != nil || fields.offset != nil {
            guard let stamp = dateTime(from: fields, role: role) else { return .failure(.impossible) }
            if fields.offset != nil { return .success(DateReading(date: stamp.date, twoDigitYear: fields.twoDigitYear)) }
        }
        return .success(DateReading(date: date, twoDigitYear: fields.twoDigitYear))
    }

    func readTimestamp(_ text: String, patterns: [DatePattern]) -> Result<CivilDateTime, Problem> {
        guard let fields = fields(of: text, patterns: patterns) else { return .failure(.unreadable) }
        guard let stamp = dateTime(from: fields, role: .past) else { return .failure(.impossible) }
        return .success(stamp)
    }

    private func fields(of text: String, patterns: [DatePattern]) -> DateFields? {
        if !patterns.isEmpty {
            for pattern in patterns {
                if pattern.isBuiltIn {
                    if let fields = builtIn(text) { return fields }
                } else if let fields = pattern.match(text) {
                    return fields
                }
            }
            // ISO dates are always understood, even when the mapping names other patterns.
            return DateFields.iso(text)
        }
        return builtIn(text)
    }

    /// The forms legacy exports use, tried when the mapping names no pattern, or where it lists `auto`.
    private func builtIn(_ text: String) -> DateFields? {
        DateFields.iso(text) ?? DateReader.compact(text) ?? numeric(text) ?? DateReader.named(text) ?? DateReader.excelSerial(text)
    }

    private func date(from fields: DateFields, role: DateRole) -> CivilDate? {
        CivilDate(year: fields.twoDigitYear ? year(twoDigits: fields.year, role: role) : fields.year, month: fields.month, day: fields.day)
    }

    /// The latest year ending in `digits` (0–99) that is not after the as-of year plus the role's
    /// `latestYear`: `57` as a birth year is 1957, `10` is 1910 (2010 would make a customer of
    /// 2026 younger than 18), `30` as an expiry year is 2030.
    private func year(twoDigits digits: Int, role: DateRole) -> Int {
        let latest = asOf.year + role.latestYear
        return latest - ((latest - digits) % 100 + 100) % 100
    }

    private func dateTime(from fields: DateFields, role: DateRole) -> CivilDateTime? {
        guard let date = date(from: fields, role: role), let hour = fields.hourOfDay,
              let wall = CivilDateTime(date: date, hour: hour, minute: fields.minute ?? 0, second: fields.second ?? 0)
        else { return nil }
        guard let offset = fields.offset else { return wall }
        let utc = wall.secondsSinceEpoch - offset
        let local = utc + zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(utc)))
        return CivilDateTime(secondsSinceEpoch: local)
    }

    // MARK: Forms

    /// `19850312`.
    static func compact(_ text: String) -> DateFields? {
        guard text.count == 8, text.allSatisfy(\.isASCIIDigit), let value = Int(text) else { return nil }
        var fields = DateFields()
        (fields.year, fields.month, fields.day) = (value / 10000, value / 100 % 100, value % 100)
        return fields
    }

    /// `12.03.1985`, `3/12/85`, `12-03-1985 14:05`, `1/20/25 3:26 PM`, in the mapping's order.
    func numeric(_ text: String) -> DateFields? {
        var datePart = Substring(text)
        var timePart: Substring?
        if let space = text.firstIndex(of: " ") {
            datePart = text[..<space]
            timePart = text[text.index(after: space)...].drop { $0 == " " }
        }
        if datePart.hasSuffix("."), datePart.filter({ $0 == "." }).count == 3 { datePart.removeLast() }
        guard let separator = datePart.first(where: { $0 == "." || $0 == "/" || $0 == "-" }) else { return nil }
        let parts = datePart.split(separator: separator, omittingEmptySubsequences: false)
        guard parts.count == 3, parts.allSatisfy({ !$0.isEmpty && $0.count <= 4 && $0.allSatisfy(\.isASCIIDigit) }) else { return nil }
        let numbers = parts.compactMap { Int($0) }
        var fields = DateFields()
        let yearIndex: Int
        // A four-digit first part can only be a year: "1985-3-12", "1985/03/12".
        switch parts[0].count == 4 ? .ymd : order {
        case .dmy: (fields.day, fields.month, yearIndex) = (numbers[0], numbers[1], 2)
        case .mdy: (fields.month, fields.day, yearIndex) = (numbers[0], numbers[1], 2)
        case .ymd: (fields.month, fields.day, yearIndex) = (numbers[1], numbers[2], 0)
        }
        let yearDigits = parts[yearIndex].count
        guard yearDigits == 2 || yearDigits == 4 else { return nil }
        for (index, part) in parts.enumerated() where index != yearIndex && part.count > 2 { return nil }
        fields.year = numbers[yearIndex]
        fields.twoDigitYear = yearDigits == 2
        if var timePart, !timePart.isEmpty {
            // "3:26 PM", "03:26:00 pm", "3:26PM": a 12-hour time as US-locale office programs write it.
            if let marker = timePart.lastIndex(where: { $0.isASCIIDigit }).map({ timePart.index(after: $0) }), marker < timePart.endIndex {
                let word = String(timePart[marker...].drop { $0 == " " })
                var at = 0
                guard let isPM = DatePattern.meridiem(word.utf8.span, &at), at == word.utf8.count else { return nil }
                fields.isPM = isPM
                timePart = timePart[..<marker]
            }
            let pieces = timePart.split(separator: ":", omittingEmptySubsequences: false)
            guard (2...3).contains(pieces.count),
                  pieces.allSatisfy({ (1...2).contains($0.count) && $0.allSatisfy(\.isASCIIDigit) }) else { return nil }
            fields.hour = Int(pieces[0])
            fields.minute = Int(pieces[1])
            fields.second = pieces.count == 3 ? Int(pieces[2]) : 0
        }
        return fields
    }

    /// `5. März 1980`, `5 March 1980`, `March 5, 1980`, `Mar 5 1980`, `12-Mar-1985`.
    static func named(_ text: String) -> DateFields? {
        let words = text.split(whereSeparator: { !($0.isLetter || $0.isNumber) }).map(String.init)
        guard words.count == 3 else { return nil }
        guard let monthIndex = words.firstIndex(where: { MonthNames.month($0) != nil }), let month = MonthNames.month(words[monthIndex]) else { return nil }
        var numbers = words.enumerated().filter { $0.offset != monthIndex }.map(\.element)
        guard numbers.allSatisfy({ $0.allSatisfy(\.isASCIIDigit) }) else { return nil }
        if numbers[0].count == 4 { numbers.reverse() }  // "1980 March 5"
        guard numbers[0].count <= 2, numbers[1].count == 4, let day = Int(numbers[0]), let year = Int(numbers[1]) else { return nil }
        var fields = DateFields()
        (fields.year, fields.month, fields.day) = (year, month, day)
        return fields
    }

    /// Excel's 1900 date system: serial 1 is 1900-01-01, and serial 60 the 29 February 1900 that
    /// never was. Only five-digit serials are read, since four digits are more likely a year.
    static func excelSerial(_ text: String) -> DateFields? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), parts[0].count == 5, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isASCIIDigit) }),
              let serial = Int(parts[0]) else { return nil }
        var fields = DateFields()
        guard let date = excelDate(serial: serial) else {
            (fields.year, fields.month, fields.day) = (1900, 2, 29)
            return fields
        }
        (fields.year, fields.month, fields.day) = (date.year, date.month, date.day)
        if parts.count == 2, let fraction = Double("0." + parts[1]) {
            let seconds = Int((fraction * 86400).rounded())
            if seconds < 86400 {
                fields.hour = seconds / 3600
                fields.minute = seconds % 3600 / 60
                fields.second = seconds % 60
            }
        }
        return fields
    }

    /// The date of an Excel 1900-system serial; nil for the phantom 1900-02-29 (serial 60).
    static func excelDate(serial: Int) -> CivilDate? {
        guard serial != 60, let base = CivilDate(year: 1899, month: 12, day: 31) else { return nil }
        let days = serial < 60 ? serial : serial - 1
        return CivilDate(daysSinceEpoch: base.daysSinceEpoch + days)
    }
}
