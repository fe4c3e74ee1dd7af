/// A date pattern from the mapping (`dd.MM.yyyy HH:mm`), compiled once and matched by hand.
///
/// Tokens: `yyyy` `yy` `MM` `M` `MMM` (month name or abbreviation) `dd` `d` `HH` `H` (0–23)
/// `hh` `h` (1–12, with `a`: AM or PM, also `am`, `a.m.`) `mm` `m` `ss` `s`; `'text'` is literal;
/// any other ASCII letter is an error, so a letter another tool knows (`x`, `S`, `E`) never
/// silently becomes text every value lacks; any other character matches itself.
struct DatePattern: Sendable {
    enum Token: Sendable, Equatable {
        case year4, year2, month(digits: Int), monthName, day(digits: Int)
        case hour(digits: Int), hour12(digits: Int), minute(digits: Int), second(digits: Int), meridiem
        /// A character the text must hold here; `ascii` its byte when it is one ASCII byte, the usual
        /// case (`.`, `-`, `:`, a space), matched without walking the character's UTF-8.
        case literal(Character, ascii: UInt8?)

        static func literal(_ character: Character) -> Token {
            .literal(character, ascii: character.unicodeScalars.count == 1 && character.isASCII ? character.asciiValue : nil)
        }

        /// Whether the token reads digits, which decides how many a one-letter token before it may take.
        var readsDigits: Bool {
            switch self {
            case .monthName, .meridiem, .literal: false
            default: true
            }
        }
    }

    let tokens: [Token]
    /// The pattern as written in the mapping.
    let source: String
    /// `auto` in a format list: the built-in readings (month names, numeric dates in `date_order`,
    /// compact and serial dates) at that place, for a column whose dates come in several forms.
    var isBuiltIn: Bool { source == DatePattern.builtInName }

    static let builtInName = "auto"
    /// The letters that are tokens; every other ASCII letter must be quoted.
    static let letters = "y M d H h m s a"

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
        let tokens = result.tokens
        let hasYear = tokens.contains { $0 == .year4 || $0 == .year2 }
        let hasMonth = tokens.contains { if case .month = $0 { true } else { $0 == .monthName } }
        let hasDay = tokens.contains { if case .day = $0 { true } else { false } }
        guard hasYear && hasMonth && hasDay else {
            return "a date pattern needs a year (yyyy or yy), a month (MM, M or MMM) and a day (dd or d)"
        }
        let hour24 = tokens.lazy.compactMap { if case let .hour(digits) = $0 { digits } else { nil } }.first
        let hour12 = tokens.lazy.compactMap { if case let .hour12(digits) = $0 { digits } else { nil } }.first
        let hasMeridiem = tokens.contains(.meridiem)
        if let hour12, !hasMeridiem {
            let h = String(repeating: "h", count: hour12), capital = String(repeating: "H", count: hour12)
            return "\(h) (12-hour) needs a (AM/PM); for a 24-hour time write \(capital)"
        }
        if hasMeridiem, let hour24 {
            return "a (AM/PM) goes with a 12-hour hh or h, not \(String(repeating: "H", count: hour24))"
        }
        if hasMeridiem, hour12 == nil { return "a (AM/PM) needs a 12-hour hour, hh or h" }
        return nil
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
            case ("h", 1), ("h", 2): token = .hour12(digits: run)
            case ("m", 1), ("m", 2): token = .minute(digits: run)
            case ("s", 1), ("s", 2): token = .second(digits: run)
            case ("a", 1): token = .meridiem
            case ("y", _), ("M", _), ("d", _), ("H", _), ("h", _), ("m", _), ("s", _), ("a", _):
                return (tokens, "\(String(repeating: first, count: run)) is not a pattern token")
            default:
                if first.isASCII, first.isLetter {
                    return (tokens, "\(first) is not a pattern letter; the letters are \(letters), and other text goes in quotes ('\(first)')")
                }
                token = nil
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
    /// The text is read as UTF-8 bytes through a `Span` (checked, and no copy): splitting it into
    /// `Character`s was most of a date's cost. Digits are ASCII digits only; a month name's
    /// letters beyond ASCII (`März`) are decoded and must be alphabetic, as `Character.isLetter` asks,
    /// or a mark that combines with the letter before. `DateReadingAgreementTests` checks the two
    /// readings agree on texts near real dates.
    func match(_ text: String) -> DateFields? {
        let bytes = text.utf8.span
        var at = 0
        var fields = DateFields()
        for (index, token) in tokens.enumerated() {
            switch token {
            case let .literal(_, ascii?):
                guard at < bytes.count, bytes[at] == ascii else { return nil }
                at += 1
            case let .literal(expected, nil):
                for byte in expected.utf8 {
                    guard at < bytes.count, bytes[at] == byte else { return nil }
                    at += 1
                }
            case .year4:
                guard let value = DatePattern.number(bytes, &at, min: 4, max: 4) else { return nil }
                fields.year = value
            case .year2:
                guard let value = DatePattern.number(bytes, &at, min: 2, max: 2) else { return nil }
                fields.year = value
                fields.twoDigitYear = true
            case .monthName:
                let start = at
                while at < bytes.count {
                    let byte = bytes[at]
                    if byte < 0x80 {
                        let isLetter = (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
                        guard isLetter || (byte == UInt8(ascii: ".") && at > start) else { break }
                        at += 1
                    } else {
                        let length = byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : 2
                        var encoded: [UInt8] = []
                        for offset in at..<min(at + length, bytes.count) { encoded.append(bytes[offset]) }
                        guard let scalar = String(decoding: encoded, as: UTF8.self).unicodeScalars.first else { break }
                        // A combining mark belongs to the letter before it, as in one `Character` (`Ma\u{301}r`).
                        let joinsLetter = at > start && (scalar.properties.isGraphemeExtend || scalar.properties.generalCategory == .spacingMark)
                        guard scalar.properties.isAlphabetic || joinsLetter else { break }
                        at += length
                    }
                }
                var word: [UInt8] = []
                for offset in start..<at { word.append(bytes[offset]) }
                guard let month = MonthNames.month(String(decoding: word, as: UTF8.self)) else { return nil }
                fields.month = month
            case .meridiem:
                guard let isPM = DatePattern.meridiem(bytes, &at) else { return nil }
                fields.isPM = isPM
            case let .month(digits), let .day(digits), let .hour(digits), let .hour12(digits), let .minute(digits), let .second(digits):
                // One-letter tokens take one or two digits, unless the next token is a digit too.
                let nextIsNumeric = index + 1 < tokens.count && tokens[index + 1].readsDigits
                let maxDigits = digits == 2 || nextIsNumeric ? digits : 2
                guard let value = DatePattern.number(bytes, &at, min: digits, max: max(digits, maxDigits)) else { return nil }
                switch token {
                case .month: fields.month = value
                case .day: fields.day = value
                case .hour, .hour12: fields.hour = value
                case .minute: fields.minute = value
                default: fields.second = value
                }
            }
        }
        return at == bytes.count ? fields : nil
    }

    /// Reads AM or PM as office programs write it (`AM`, `pm`, `a.m.`, `P.M.`) from `at` on, moving
    /// `at` past it: true for PM.
    static func meridiem(_ bytes: Span<UInt8>, _ at: inout Int) -> Bool? {
        var end = at
        guard end < bytes.count else { return nil }
        let isPM: Bool
        switch bytes[end] | 0x20 {
        case UInt8(ascii: "a"): isPM = false
        case UInt8(ascii: "p"): isPM = true
        default: return nil
        }
        end += 1
        if end < bytes.count, bytes[end] == UInt8(ascii: ".") { end += 1 }
        guard end < bytes.count, bytes[end] | 0x20 == UInt8(ascii: "m") else { return nil }
        end += 1
        if end < bytes.count, bytes[end] == UInt8(ascii: ".") { end += 1 }
        at = end
        return isPM
    }

    /// Reads `min` to `max` ASCII digits of `bytes` from `at` on, moving `at` past them.
    static func number(_ bytes: Span<UInt8>, _ at: inout Int, min: Int, max: Int) -> Int? {
        var value = 0
        var count = 0
        while count < max, at < bytes.count, (0x30...0x39).contains(bytes[at]) {
            value = value * 10 + Int(bytes[at] - 0x30)
            count += 1
            at += 1
        }
        return count >= min ? value : nil
    }
}
