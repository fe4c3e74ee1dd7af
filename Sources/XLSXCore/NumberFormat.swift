import Foundation

/// Excel number formats (ECMA-376 Part 1, §18.8.30–31).
package enum NumberFormat {
    /// The display kind of built-in format `id` or custom format `code`; nil for General and formats
    /// that show the number's digits unchanged. A code wins over the built-in meaning of its id: a
    /// workbook may redefine a built-in id (`<numFmt numFmtId="14" formatCode="dd.mm.yyyy hh:mm"/>`),
    /// and what its cells show is that definition.
    static func cellFormat(id: Int, code: String?) -> CellFormat? {
        guard let code else { return builtIn(id) }
        let cleaned = clean(code)
        if cleaned == "general" || cleaned.isEmpty { return nil }
        let section = cleaned.split(separator: ";", omittingEmptySubsequences: false).first.map(String.init) ?? cleaned
        if let elapsed = elapsed(section) { return elapsed }
        if let digits = digits(section) { return digits }
        // Fractions of a second (`ss.000`) are the one place a date or time format holds zeros.
        let (timeSection, subsecondDigits) = withoutSubseconds(section)
        // Digit placeholders make it a number format (thousands, percent, currency, scientific): digits unchanged.
        if timeSection.contains(where: { $0 == "0" || $0 == "#" || $0 == "?" }) { return nil }
        let hasDate = timeSection.contains("d") || timeSection.contains("y") || timeSection.contains("mmm")
        let hasTime = timeSection.contains("h") || timeSection.contains("s")
        // "m" alone is a month beside d/y and a minute beside h/s; three or more are a month name.
        guard hasDate || hasTime else { return nil }
        return .date(hasDate: hasDate, hasTime: hasTime, subsecondDigits: subsecondDigits)
    }

    /// The built-in formats a style names by id alone (ECMA-376 Part 1, §18.8.30).
    private static func builtIn(_ id: Int) -> CellFormat? {
        switch id {
        case 1: .digits(integers: 1, decimals: nil)
        case 2, 4: .digits(integers: 1, decimals: 2...2)
        case 14...17, 27...31, 34...36, 50...58: .date(hasDate: true, hasTime: false)
        case 22: .date(hasDate: true, hasTime: true)
        case 18...21, 32, 33, 45: .date(hasDate: false, hasTime: true)
        case 47: .date(hasDate: false, hasTime: true, subsecondDigits: 1)
        case 46: .elapsed(largest: "h", minutes: true, seconds: true)
        default: nil
        }
    }

    /// `0`, `00000`, `0.00`, `#.##`, `#,##0.0#`: digit placeholders with at most one decimal point,
    /// from a cleaned section. A thousands separator without decimals (`#,##0`) and a trailing
    /// comma (`0,`, which divides by a thousand) leave the digits as stored.
    private static func digits(_ section: String) -> CellFormat? {
        let parts = section.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2 else { return nil }
        let integer = parts[0]
        let fraction = parts.count == 2 ? parts[1] : nil
        func isPlaceholder(_ char: Character) -> Bool { char == "0" || char == "#" || char == "?" }
        guard integer.allSatisfy({ isPlaceholder($0) || $0 == "," }), fraction?.allSatisfy(isPlaceholder) ?? true,
              integer.contains(where: isPlaceholder) || fraction?.isEmpty == false,
              integer.last != ",", fraction != nil || !integer.contains(",") else { return nil }
        // Every placeholder from the first `0` on shows a digit, a zero where the number has none.
        let integers = integer.drop { $0 != "0" }.filter(isPlaceholder).count
        let decimals = fraction.map { fraction in
            (fraction.lastIndex(of: "0").map { fraction.distance(from: fraction.startIndex, to: $0) + 1 } ?? 0)...fraction.count
        }
        return .digits(integers: integers, decimals: decimals)
    }

    /// The section without the fraction of a second after `ss` (`ss.000`), and how many digits it had.
    private static func withoutSubseconds(_ section: String) -> (String, Int) {
        guard let mark = section.range(of: "s.0") else { return (section, 0) }
        let firstZero = section.index(before: mark.upperBound)
        let end = section[firstZero...].firstIndex { $0 != "0" } ?? section.endIndex
        var shortened = section
        shortened.removeSubrange(section.index(before: firstZero)..<end)
        return (shortened, section.distance(from: firstZero, to: end))
    }

    /// The date and time parts a format shows; nil when it shows none.
    static func dateKind(id: Int, code: String?) -> (hasDate: Bool, hasTime: Bool)? {
        switch cellFormat(id: id, code: code) {
        case let .date(hasDate, hasTime, _): return (hasDate, hasTime)
        case .elapsed: return (false, true)
        default: return nil
        }
    }

    /// `[h]:mm:ss` and its kin, from a cleaned section that kept its bracketed units.
    private static func elapsed(_ section: String) -> CellFormat? {
        guard let open = section.firstIndex(of: "["), let close = section.firstIndex(of: "]"), open < close else { return nil }
        let unit = section[section.index(after: open)..<close]
        guard let first = unit.first, ["h", "m", "s"].contains(first), unit.allSatisfy({ $0 == first }) else { return nil }
        let rest = section[section.index(after: close)...]
        return .elapsed(largest: first, minutes: first == "h" && rest.contains("m"), seconds: first != "s" && rest.contains("s"))
    }

    /// The code lower-cased without quoted text, escapes, fill and colour or locale sections;
    /// elapsed-time brackets (`[h]`, `[mm]`) are kept.
    private static func clean(_ code: String) -> String {
        var cleaned = ""
        var chars = Array(code.lowercased())[...]
        while let char = chars.popFirst() {
            switch char {
            case "\"": while let next = chars.popFirst(), next != "\"" {}
            case "\\", "_", "*": _ = chars.popFirst()
            case "[":
                var inner = ""
                while let next = chars.popFirst(), next != "]" { inner.append(next) }
                if !inner.isEmpty, inner.allSatisfy({ $0 == inner.first }), ["h", "m", "s"].contains(inner.first) { cleaned += "[" + inner + "]" }
            default: cleaned.append(char)
            }
        }
        return cleaned
    }

    /// `serial` days as a duration in `format`'s units: `[h]:mm:ss` of 1.5 days is `36:00:00`.
    static func elapsedText(_ serial: Double, largest: Character, minutes: Bool, seconds: Bool) -> String {
        let total = Int((abs(serial) * 86400).rounded())
        let sign = serial < 0 ? "-" : ""
        func two(_ value: Int) -> String { value < 10 ? "0" + String(value) : String(value) }
        switch largest {
        case "h":
            var text = sign + two(total / 3600)
            if minutes { text += ":" + two(total % 3600 / 60) }
            if seconds { text += ":" + two(total % 60) }
            return text
        case "m":
            return sign + two(total / 60) + (seconds ? ":" + two(total % 60) : "")
        default:
            return sign + two(total)
        }
    }

    /// The serial of the second a time shown with fractions of a second (`ss.000`) shows: rounded
    /// to those fractions as Excel shows them, then cut to the second. Rounding to the whole
    /// second, as a time without fractions is shown, would turn `14:05:00.600` into a `14:05:01`
    /// the person never saw; the timestamps a conversion writes hold whole seconds.
    static func wholeSecondShown(_ serial: Double, subsecondDigits: Int) -> Double {
        let scale = Double(integerPower10(min(subsecondDigits, 9)))
        let seconds = ((serial * 86400 * scale).rounded() / scale).rounded(.down)
        return seconds / 86400
    }

    private static func integerPower10(_ exponent: Int) -> Int {
        (0..<exponent).reduce(1) { result, _ in result * 10 }
    }

    /// A number in a `.digits` format as Excel shows it: its 15-digit decimal rounded half away
    /// from zero to the format's decimals, optional decimals (`#`) dropped when zero, the integer
    /// padded with zeros (`00000`: `01067`), a decimal point wherever the format has one (`#.##`
    /// shows 12 as `12.` and 0.5 as `.5`). A negative number keeps its sign even where it rounds to
    /// zero (`-0.00`), as Excel shows it. Nil for other formats.
    static func render(_ number: String, _ format: CellFormat) -> String? {
        guard case let .digits(integers, decimals) = format, let value = Double(number), let decimal = ExcelDecimal(value) else { return nil }
        let rounded = decimal.rounded(toDecimals: decimals?.upperBound ?? 0)
        let whole = String(decoding: rounded.integer, as: UTF8.self)
        var text = (decimal.negative ? "-" : "") + String(repeating: "0", count: max(0, integers - whole.count)) + whole
        if let decimals {
            let fraction = String(decoding: rounded.fraction, as: UTF8.self)
            text += "." + fraction + String(repeating: "0", count: max(0, decimals.lowerBound - fraction.count))
        }
        return text
    }

    /// A number in the General format as Excel shows it: at most 15 significant digits (Excel keeps
    /// no more, so `68.66499999999999` is `68.665`), integers always as digits (a 12-digit phone
    /// stays 12 digits, and 1E+20 is twenty-one digits, not scientific notation), fractions below
    /// 0.00001 in exponent form.
    package static func general(_ stored: String) -> String {
        guard stored.contains(where: { $0 == "." || $0 == "e" || $0 == "E" }), let value = Double(stored), value.isFinite else { return stored }
        if value.rounded() == value, abs(value) < 1e15 { return String(Int(value)) }
        guard let decimal = ExcelDecimal(value), decimal.leadingFractionZeros < 5 else { return String(value) }
        return decimal.text
    }
}
