/// What a person reads about a date: why it was not read and which format would read it, and why a
/// two-digit birth year cannot be placed.
extension DateReader {
    /// The error for `raw` (`text` once cleaned), which `problem` kept from being a date (`role`)
    /// or a timestamp (`role` nil): the formats tried, and a common spelling that reads it.
    func explain(_ problem: Problem, raw: String, text: String, patterns: [DatePattern], role: DateRole?) -> String {
        let what = role == nil ? "a date and time" : "a date"
        let message = switch problem {
        case .impossible: "\(quoted(raw)) is not \(what) in the calendar"
        case .unreadable where patterns.isEmpty: "\(quoted(raw)) is not \(what)"
        case .unreadable: "\(quoted(raw)) matches none of \((patterns.map(\.source) + ["ISO 8601"]).joined(separator: ", "))"
        }
        return message + hint(text, patterns: patterns, role: role)
    }

    /// `; add "MM/dd/yy hh:mm a" to the field's format to read it` when one of the office spellings
    /// the mapping does not list reads `text`; both orders when day and month read either way, so a
    /// hint never chooses the order for the export.
    private func hint(_ text: String, patterns: [DatePattern], role: DateRole?) -> String {
        let tried = Set(patterns.map(\.source))
        func first(_ spellings: [DatePattern]) -> String? {
            spellings.first { !tried.contains($0.source) && reads(text, $0, role: role) }?.source
        }
        switch (first(DateSpellings.dayFirst), first(DateSpellings.monthFirst)) {
        case let (day?, month?):
            let (one, other) = order == .mdy ? (month, day) : (day, month)
            return "; add \"\(one)\" or \"\(other)\" to the field's format, whichever order the export writes"
        case let (one?, nil), let (nil, one?):
            return "; add \"\(one)\" to the field's format to read it"
        case (nil, nil):
            return first(DateSpellings.neutral).map { "; add \"\($0)\" to the field's format to read it" } ?? ""
        }
    }

    private func reads(_ text: String, _ pattern: DatePattern, role: DateRole?) -> Bool {
        // The pattern's shape first: reading through `readDate` would also try ISO 8601 for every
        // spelling, which already failed for this value.
        guard pattern.match(text) != nil else { return false }
        if let role {
            if case .success = readDate(text, patterns: [pattern], role: role) { return true }
        } else if case .success = readTimestamp(text, patterns: [pattern]) {
            return true
        }
        return false
    }

    /// The error for a two-digit birth year the role put a century back although the later century
    /// lies in the past too (`14.07.10` in 2026: 1910, since 2010 makes the customer 15). Either
    /// reading is doubtful, and the earlier one would send a minor's record, re-saved by a
    /// spreadsheet, as a centenarian's: the year must be written in full.
    func ambiguousBirthYear(_ reading: DateReading, raw: String, role: DateRole) -> String? {
        guard role == .birth, reading.twoDigitYear, reading.date.year + 100 <= asOf.year else { return nil }
        return "\(quoted(raw)) has a two-digit year: as \(reading.date.year) the customer would be \(reading.date.years(until: asOf)), "
            + "as \(reading.date.year + 100) younger than 18; write the year in full"
    }
}
