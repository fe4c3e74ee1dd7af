/// A date pattern from the mapping (`dd.MM.yyyy HH:mm`), compiled once and matched by hand.
///
/// Tokens: `yyyy` `yy` `MM` `M` `MMM` (month name or abbreviation) `dd` `d`
/// `HH` `H` `mm` `m` `ss` `s`; `'text'` is literal; any other character matches itself.
struct DatePattern: Sendable {
    enum Token: Sendable, Equatable {
        case year4, year2, month(digits: Int), monthName, day(digits: Int)
        case hour(digits: Int), minute(digits: Int), second(digits: Int)
        case literal(Character)
    }

    let tokens: [Token]
    /// The pattern as written in the mapping.
    let source: String
    /// `auto` in a format list: the built-in readings (month names, numeric dates in `date_order`,
    /// compact and serial dates) at that place, for a column whose dates come in several forms.
    var isBuiltIn: Bool { source == DatePattern.builtInName }

    static let builtInName = "auto"

    init?(_ pattern: String) {
        if pattern == DatePattern.builtInName {
            tokens = []
            source = pattern
            return
        }
        guard DatePattern.problem(in: pattern) == nil else { return nil }
        tokens = DatePattern.tokenize(pattern).tokens
        source = pattern
    }

    static func problem(in pattern: String) -> String? {
        if pattern == builtInName { return nil }
        let result = tokenize(pattern)
        if let problem = result.problem { return problem }
        let hasYear = result.tokens.contains { $0 == .year4 || $0 == .year2 }
        let hasMonth = result.tokens.contains { if case .month = $0 { true } else { $0 == .monthName } }
        let hasDay = result.tokens.contains { if case .day = $0 { true } else { false } }
        return hasYear && hasMonth && hasDay ? nil : "a date pattern needs a year (yyyy or yy), a month (MM, M or MMM) and a day (dd or d)"
    }

    private static func tokenize(_ pattern: String) -> (tokens: [Token], problem: String?) {
        var tokens: [Token] = []
        var chars = Array(pattern)[...]
        while let first = chars.first {
            if first == "'" {
                chars.removeFirst()
                while let char = chars.popFirst(), char != "'" { tokens.append(.literal(char)) }
                continue
            }
            var run = 0
            while chars.count > run, chars[chars.startIndex + run] == first { run += 1 }
            let token: Token?
            switch (first, run) {
            case ("y", 4): token = .year4
            case ("y", 2): token = .year2
            case ("M", 1), ("M", 2): token = .month(digits: run)
            case ("M", 3), ("M", 4): token = .monthName
            case ("d", 1), ("d", 2): token = .day(digits: run)
            case ("H", 1), ("H", 2): token = .hour(digits: run)
            case ("m", 1), ("m", 2): token = .minute(digits: run)
            case ("s", 1), ("s", 2): token = .second(digits: run)
            case ("y", _), ("M", _), ("d", _), ("H", _), ("m", _), ("s", _):
                return (tokens, "\(String(repeating: first, count: run)) is not a pattern token")
            default: token = nil
            }
            if let token {
                tokens.append(token)
                chars.removeFirst(run)
            } else {
                tokens.append(.literal(first))
                chars.removeFirst()
            }
        }
        return (tokens, nil)
    }

    /// Matches the whole of `text`; nil when the text does not have the pattern's shape.
    ///
    /// The text is walked by Unicode scalars, not by `Character`: splitting it into grapheme
    /// clusters was most of a date's cost. Dates reach here cleaned and composed (NFC), so a
    /// digit or a literal never carries a combining mark that would make the two walks differ,
    /// and text left over after the last token still fails the match.
    func match(_ text: String) -> DateFields? {
        var fields = DateFields()
        var chars = Substring(text).unicodeScalars
        for (index, token) in tokens.enumerated() {
            switch token {
            case let .literal(expected):
                for scalar in expected.unicodeScalars {
                    guard chars.popFirst() == scalar else { return nil }
                }
            case .year4:
                guard let value = DatePattern.number(&chars, min: 4, max: 4) else { return nil }
                fields.year = value
            case .year2:
                guard let value = DatePattern.number(&chars, min: 2, max: 2) else { return nil }
                fields.year = value
                fields.twoDigitYear = true
            case .monthName:
                var word = String.UnicodeScalarView()
                while let char = chars.first, char.properties.isAlphabetic || (char == "." && !word.isEmpty) {
                    word.append(char)
                    chars.removeFirst()
                }
                guard let month = MonthNames.month(String(word)) else { return nil }
                fields.month = month
            case let .month(digits), let .day(digits), let .hour(digits), let .minute(digits), let .second(digits):
                // One-letter tokens take one or two digits, unless the next token is a digit too.
                let nextIsNumeric = index + 1 < tokens.count && { if case .literal = tokens[index + 1] { false } else { true } }()
                let maxDigits = digits == 2 || nextIsNumeric ? digits : 2
                guard let value = DatePattern.number(&chars, min: digits, max: max(digits, maxDigits)) else { return nil }
                switch token {
                case .month: fields.month = value
                case .day: fields.day = value
                case .hour: fields.hour = value
                case .minute: fields.minute = value
                default: fields.second = value
                }
            }
        }
        return chars.isEmpty ? fields : nil
    }

    /// Reads `min` to `max` ASCII digits from the front of `chars`.
    static func number(_ chars: inout Substring.UnicodeScalarView, min: Int, max: Int) -> Int? {
        var value = 0
        var count = 0
        while count < max, let char = chars.first, (0x30...0x39).contains(char.value) {
            value = value * 10 + Int(char.value - 0x30)
            count += 1
            chars.removeFirst()
        }
        return count >= min ? value : nil
    }
}
