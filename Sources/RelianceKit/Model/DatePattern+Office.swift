/// The spellings an office program gives a date when a person saves a fed-back `rejects.csv`
/// again in it: the locale's short form of the same date, which LibreOffice and Excel write
/// instead of the text that was read (`06.06.1957` becomes `06.06.57`, `01/20/2025 15:26`
/// becomes `01/20/25 03:26 PM` or `1/20/2025 3:26 PM`).
extension DatePattern {
    /// `patterns`, each followed by its office variants, without repeats: the pattern's own order
    /// of day, month and year with a two-digit year (read with the field's pivot), with a 12-hour
    /// clock and AM/PM in place of a 24-hour one, and with day, month and hour in one or two
    /// digits. No variant reads day and month in another order than its pattern, so none brings
    /// an ambiguity the mapping did not have. `auto` has none: it reads these forms already.
    static func withOfficeVariants(_ patterns: [DatePattern]) -> [DatePattern] {
        var seen = Set(patterns.map(\.source))
        var result: [DatePattern] = []
        for pattern in patterns {
            result.append(pattern)
            for variant in pattern.officeVariants where seen.insert(variant.source).inserted {
                result.append(variant)
            }
        }
        return result
    }

    private var officeVariants: [DatePattern] {
        guard !isBuiltIn else { return [] }
        var years = [tokens]
        if tokens.contains(.year4) { years.append(tokens.map { $0 == .year4 ? .year2 : $0 }) }
        let spellings = years + years.compactMap(DatePattern.twelveHourClock)
        return spellings.map { DatePattern(tokens: DatePattern.unpadded($0)) }
    }

    private init(tokens: [Token]) {
        self.tokens = tokens
        source = tokens.map(DatePattern.spelling).joined()
    }

    /// `tokens` with a 24-hour hour read as a 12-hour one, and ` a` (AM/PM) after the time; nil
    /// when they hold no 24-hour hour.
    private static func twelveHourClock(_ tokens: [Token]) -> [Token]? {
        guard let hour = tokens.firstIndex(where: { if case .hour = $0 { true } else { false } }),
              case let .hour(digits) = tokens[hour] else { return nil }
        var result = tokens
        result[hour] = .hour12(digits: digits)
        let lastOfTime = result.lastIndex { token in
            switch token {
            case .hour12, .minute, .second: true
            default: false
            }
        } ?? hour
        result.insert(contentsOf: [.literal(" "), .meridiem], at: lastOfTime + 1)
        return result
    }

    /// `tokens` with a two-digit day, month and hour taking one digit too (`M/d/yyyy` reads both
    /// `01/02/2019` and `1/2/2019`); a token next to other digits keeps its width, or `yyyyMMdd`
    /// would no longer know where the month ends.
    private static func unpadded(_ tokens: [Token]) -> [Token] {
        tokens.indices.map { index in
            let besideDigits = (index > 0 && tokens[index - 1].readsDigits) || (index + 1 < tokens.count && tokens[index + 1].readsDigits)
            guard !besideDigits else { return tokens[index] }
            switch tokens[index] {
            case .month(2): return .month(digits: 1)
            case .day(2): return .day(digits: 1)
            case .hour(2): return .hour(digits: 1)
            case .hour12(2): return .hour12(digits: 1)
            default: return tokens[index]
            }
        }
    }

    /// How `token` is written in a pattern.
    private static func spelling(_ token: Token) -> String {
        switch token {
        case .year4: "yyyy"
        case .year2: "yy"
        case let .month(digits): String(repeating: "M", count: digits)
        case .monthName: "MMM"
        case let .day(digits): String(repeating: "d", count: digits)
        case let .hour(digits): String(repeating: "H", count: digits)
        case let .hour12(digits): String(repeating: "h", count: digits)
        case let .minute(digits): String(repeating: "m", count: digits)
        case let .second(digits): String(repeating: "s", count: digits)
        case .meridiem: "a"
        case let .literal(character, _): character.isASCII && (character.isLetter || character == "'") ? "'\(character)'" : String(character)
        }
    }
}
