import Testing
@testable import RelianceKit

/// Dates are read from UTF-8 bytes. They used to be read `Character` by `Character`, which was
/// slower but plainly right. These tests keep that reading as the reference and check, on texts
/// made from real dates by replacing, removing and inserting the characters dates are made of (and
/// some that only look like them), that the two readings agree: same fields, or both unread.
@Suite("Date reading by bytes agrees with reading by characters")
struct DateReadingAgreementTests {
    static let patterns = ["dd.MM.yyyy", "d.M.yyyy", "dd.MM.yy", "yyyy-MM-dd", "dd.MM.yyyy HH:mm", "MM/dd/yyyy",
                           "yyyyMMdd", "d. MMM yyyy", "dd-MMM-yyyy", "dd·MM·yyyy", "d.M.yy H:m:s", "MMM d, yyyy",
                           "MM/dd/yy hh:mm a", "M/d/yyyy h:mm:ss a", "dMMMyyyy", "dd.MM.yyyy h:mma"]
    /// Digits, separators, month names and letters beyond ASCII, other scripts' digits, a combining mark.
    static let pieces = ["0", "1", "2", "3", "5", "9", "12", "31", "1985", "85", ".", "-", "/", " ", ":", ",", "·", "T", "Z",
                         "+01:00", "März", "Mar", "Dez.", "Sept.", "é", "１", "٣", "\u{301}", "x", "", "Oct",
                         "AM", "pm", "a.m.", "P.", "M", "ᴀ"]

    /// A text near `seed`: one to three of its characters replaced, removed, or followed by a piece.
    static func near(_ seed: String, _ pieces: [String], _ rng: inout SplitMix) -> String {
        var chars = Array(seed)
        for _ in 0..<(rng.next() % 4) where !chars.isEmpty {
            let at = Int(rng.next() % UInt64(chars.count))
            let piece = Array(pieces[Int(rng.next() % UInt64(pieces.count))])
            switch rng.next() % 3 {
            case 0: chars.replaceSubrange(at...at, with: piece)
            case 1: chars.remove(at: at)
            default: chars.insert(contentsOf: piece, at: at + 1)
            }
        }
        return String(chars)
    }

    static func same(_ a: DateFields?, _ b: DateFields?) -> Bool {
        guard let a, let b else { return a == nil && b == nil }
        return (a.year, a.month, a.day, a.twoDigitYear) == (b.year, b.month, b.day, b.twoDigitYear)
            && a.hour == b.hour && a.minute == b.minute && a.second == b.second && a.offset == b.offset && a.isPM == b.isPM
    }

    @Test("patterns: 40,000 texts near real dates, on every pattern")
    func patterns() {
        var rng = SplitMix(state: 19)
        let compiled = Self.patterns.compactMap(DatePattern.init)
        #expect(compiled.count == Self.patterns.count)
        let seeds = ["12.03.1985", "2.3.1985", "12.03.85", "1985-03-12", "12.03.1985 14:05", "03/12/1985", "19850312",
                     "12. März 1985", "12-Mar-1985", "12·03·1985", "2.3.85 4:5:6", "Mar 5, 1985", "12.0\u{301}3.1985", "１２.03.1985",
                     "01/20/25 03:26 PM", "1/20/2025 3:26:07 p.m.", "12Mar1985", "20.01.2025 3:26AM"]
        var texts = seeds
        for index in 0..<40_000 { texts.append(Self.near(seeds[index % seeds.count], Self.pieces, &rng)) }
        var read = 0
        for text in texts {
            for pattern in compiled {
                let bytes = pattern.match(text)
                if bytes != nil { read += 1 }
                #expect(Self.same(bytes, CharacterReading.match(pattern.tokens, text)), "\(pattern.source) on \(text.debugDescription)")
            }
        }
        // The generated texts must reach the patterns, or agreeing would prove nothing.
        #expect(read > 5_000)
    }

    @Test("ISO 8601: 40,000 texts near real times")
    func iso() {
        var rng = SplitMix(state: 23)
        let seeds = ["1985-03-12", "1985-03-12T14:05", "1985-03-12 14:05:00.123+01:00", "1985-03-12T14:05:00Z", "1985-03-12T14:05:00-0530"]
        let isoPieces = ["1985", "-", "03", "12", "T", " ", "14", ":", "05", "00", ".", "123", ",", "Z", "z", "+", "01", "19", "１", "x", "\u{301}"]
        var texts = seeds
        for index in 0..<40_000 { texts.append(Self.near(seeds[index % seeds.count], isoPieces, &rng)) }
        var read = 0
        for text in texts {
            let bytes = DateFields.iso(text)
            if bytes != nil { read += 1 }
            #expect(Self.same(bytes, CharacterReading.iso(text)), "\(text.debugDescription)")
        }
        #expect(read > 5_000)
    }
}

/// The reading dates had before they were read from bytes, kept as the reference.
private enum CharacterReading {
    static func match(_ tokens: [DatePattern.Token], _ text: String) -> DateFields? {
        var fields = DateFields()
        var chars = Array(text)[...]
        for (index, token) in tokens.enumerated() {
            switch token {
            case let .literal(expected, _):
                guard chars.popFirst() == expected else { return nil }
            case .year4:
                guard let value = number(&chars, min: 4, max: 4) else { return nil }
                fields.year = value
            case .year2:
                guard let value = number(&chars, min: 2, max: 2) else { return nil }
                fields.year = value
                fields.twoDigitYear = true
            case .monthName:
                var word = ""
                while let char = chars.first, char.isLetter || (char == "." && !word.isEmpty) {
                    word.append(char)
                    chars.removeFirst()
                }
                guard let month = MonthNames.month(word) else { return nil }
                fields.month = month
            case .meridiem:
                guard let letter = chars.popFirst()?.lowercased(), letter == "a" || letter == "p" else { return nil }
                if chars.first == "." { chars.removeFirst() }
                guard chars.popFirst()?.lowercased() == "m" else { return nil }
                if chars.first == "." { chars.removeFirst() }
                fields.isPM = letter == "p"
            case let .month(digits), let .day(digits), let .hour(digits), let .hour12(digits), let .minute(digits), let .second(digits):
                let nextIsNumeric = index + 1 < tokens.count && {
                    switch tokens[index + 1] {
                    case .literal, .monthName, .meridiem: false
                    default: true
                    }
                }()
                let maxDigits = digits == 2 || nextIsNumeric ? digits : 2
                guard let value = number(&chars, min: digits, max: max(digits, maxDigits)) else { return nil }
                switch token {
                case .month: fields.month = value
                case .day: fields.day = value
                case .hour, .hour12: fields.hour = value
                case .minute: fields.minute = value
                default: fields.second = value
                }
            }
        }
        return chars.isEmpty ? fields : nil
    }

    static func iso(_ text: String) -> DateFields? {
        var chars = Array(text)[...]
        var fields = DateFields()
        guard let year = number(&chars, min: 4, max: 4), chars.popFirst() == "-",
              let month = number(&chars, min: 2, max: 2), chars.popFirst() == "-",
              let day = number(&chars, min: 2, max: 2) else { return nil }
        (fields.year, fields.month, fields.day) = (year, month, day)
        guard let separator = chars.popFirst() else { return fields }
        guard separator == "T" || separator == " ",
              let hour = number(&chars, min: 2, max: 2), chars.popFirst() == ":",
              let minute = number(&chars, min: 2, max: 2) else { return nil }
        fields.hour = hour
        fields.minute = minute
        fields.second = 0
        if chars.first == ":" {
            chars.removeFirst()
            guard let second = number(&chars, min: 2, max: 2) else { return nil }
            fields.second = second
            if chars.first == "." || chars.first == "," {
                chars.removeFirst()
                guard number(&chars, min: 1, max: 9) != nil else { return nil }
            }
        }
        guard let zoneMark = chars.popFirst() else { return fields }
        if zoneMark == "Z" || zoneMark == "z" {
            fields.offset = 0
        } else if zoneMark == "+" || zoneMark == "-" {
            guard let hours = number(&chars, min: 2, max: 2), hours <= 18 else { return nil }
            if chars.first == ":" { chars.removeFirst() }
            let minutes = number(&chars, min: 2, max: 2) ?? 0
            fields.offset = (zoneMark == "-" ? -1 : 1) * (hours * 3600 + minutes * 60)
        } else {
            return nil
        }
        return chars.isEmpty ? fields : nil
    }

    static func number(_ chars: inout ArraySlice<Character>, min: Int, max: Int) -> Int? {
        var value = 0
        var count = 0
        while count < max, let char = chars.first, let digit = char.wholeNumberValue, char.isASCII {
            value = value * 10 + digit
            count += 1
            chars.removeFirst()
        }
        return count >= min ? value : nil
    }
}
