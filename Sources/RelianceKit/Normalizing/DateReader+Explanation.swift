/// What a person reads about a date: why it was not read and which format would read it, and the
/// doubt about a two-digit birth year.
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
        if let role {
            if case .success = readDate(text, patterns: [pattern], role: role) { return true }
        } else if case .success = readTimestamp(text, patterns: [pattern]) {
            return true
        }
        return false
    }

    /// The warning for a two-digit birth year put a century back although the later century lies
    /// in the past too, because that one would make the customer younger than 18 (`01.01.10` in
    /// 2026): a minor's record read as a centenarian's must not pass unseen.
    func centuryDoubt(_ reading: DateReading, raw: String, role: DateRole) -> String? {
        guard role == .birth, reading.twoDigitYear, reading.date.year + 100 <= asOf.year else { return nil }
        return "\(quoted(raw)) has a two-digit year: read as \(reading.date), since \(reading.date.year + 100) would make the customer "
            + "younger than 18; write the year in full if that is wrong"
    }
}
