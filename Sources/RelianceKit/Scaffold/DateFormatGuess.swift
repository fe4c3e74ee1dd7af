/// Proposes date patterns for a column from its sample values (the spellings of `DateSpellings`),
/// never guessing day against month.
///
/// A numeric date such as `12/07/1966` reads two ways. A value whose first part is above 12 shows
/// the column is day-first, one whose second part is above 12 that it is month-first; a column
/// with neither follows the export's order (`Evidence` over all date columns) and its line carries
/// `# check`, and a column with both gets no pattern and a `# check`. Values no pattern reads but
/// the built-in readings do (`Jan 28, 1967`) add `auto` to the list, so a pattern never switches
/// them off.
enum DateFormatGuess {
    /// What the numeric dates of some values show about day and month order.
    struct Evidence: Equatable {
        var dayFirst = false
        var monthFirst = false

        init(_ values: [String] = []) {
            for value in values { add(value) }
        }

        mutating func add(_ value: String) {
            let parts = value.split(whereSeparator: { $0 == "." || $0 == "/" || $0 == "-" || $0 == " " || $0 == "T" })
            guard parts.count >= 3, parts[0].count <= 2, let first = Int(parts[0]), let second = Int(parts[1]),
                  parts[2].prefix(4).allSatisfy(\.isNumber) else { return }
            if first > 12, second <= 12 { dayFirst = true }
            if second > 12, first <= 12 { monthFirst = true }
        }

        mutating func merge(_ other: Evidence) {
            dayFirst = dayFirst || other.dayFirst
            monthFirst = monthFirst || other.monthFirst
        }

        /// The order the evidence shows, or nil when it shows none or both.
        var order: Settings.DateOrder? {
            switch (dayFirst, monthFirst) {
            case (true, false): .dmy
            case (false, true): .mdy
            default: nil
            }
        }
    }

    struct Guess: Equatable {
        var formats: [String] = []
        /// Why a person must look at the line, when the sample cannot decide.
        var check: String?
    }

    /// The fewest patterns, in order, that together read every value not in ISO 8601 (always
    /// understood), for an export whose date order is `order`.
    /// - Parameter orderShown: whether other date columns of the export showed `order`; then a
    ///   column whose own values cannot tell follows it without asking for a check.
    static func guess(for values: [String], order: Settings.DateOrder, orderShown: Bool = false) -> Guess {
        let pending = values.filter { DateFields.iso($0) == nil }
        guard !pending.isEmpty else { return Guess() }
        let evidence = Evidence(pending)
        var result = Guess()
        let candidates: [DatePattern]
        switch (evidence.dayFirst, evidence.monthFirst) {
        case (true, true):
            return Guess(check: "the sample holds day-first and month-first dates (\(example(pending, evidence))); no format can read both")
        case (true, false): candidates = DateSpellings.dayFirst + DateSpellings.neutral
        case (false, true): candidates = DateSpellings.monthFirst + DateSpellings.neutral
        case (false, false):
            candidates = (order == .mdy ? DateSpellings.monthFirst : DateSpellings.dayFirst) + DateSpellings.neutral
            if !orderShown, pending.contains(where: { Evidence.numericParts($0) }) {
                result.check = "day and month cannot be told apart in the sample (every part is 12 or less); "
                    + (order == .mdy ? "month-first assumed" : "day-first assumed")
            }
        }
        var uncovered = pending
        while !uncovered.isEmpty {
            let best = candidates.map { pattern in (pattern, uncovered.filter { pattern.match($0) != nil }.count) }
                .max { $0.1 < $1.1 }
            guard let (pattern, count) = best, count > 0 else { break }
            result.formats.append(pattern.source)
            uncovered = uncovered.filter { pattern.match($0) == nil }
        }
        // Values in forms the built-in readings know (month names, serials) keep being read after the patterns.
        if !uncovered.isEmpty, !result.formats.isEmpty {
            result.formats.append(DatePattern.builtInName)
        }
        return result
    }

    private static func example(_ values: [String], _ evidence: Evidence) -> String {
        var day: String?
        var month: String?
        for value in values {
            let one = Evidence([value])
            if one.dayFirst, day == nil { day = value }
            if one.monthFirst, month == nil { month = value }
        }
        return [day, month].compactMap { $0 }.map { "\"\($0)\"" }.joined(separator: " and ")
    }
}

extension DateFormatGuess.Evidence {
    /// Whether `value` is a numeric date with a one- or two-digit first part.
    static func numericParts(_ value: String) -> Bool {
        let parts = value.split(whereSeparator: { $0 == "." || $0 == "/" || $0 == "-" || $0 == " " })
        return parts.count >= 3 && parts[0].count <= 2 && parts[0].allSatisfy(\.isNumber) && parts[1].allSatisfy(\.isNumber)
    }
}
