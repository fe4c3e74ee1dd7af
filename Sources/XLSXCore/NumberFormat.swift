import Foundation

/// Excel number formats (ECMA-376 Part 1, §18.8.30–31).
enum NumberFormat {
    /// The display kind of built-in format `id` or custom format `code`; nil for General and formats
    /// that show the number's digits unchanged.
    static func cellFormat(id: Int, code: String?) -> CellFormat? {
        switch id {
        case 1: return .zeroPadded(width: 1)
        case 2, 4: return .fixed(decimals: 2)
        case 14...17, 27...31, 34...36, 50...58: return .date(hasDate: true, hasTime: false)
        case 22: return .date(hasDate: true, hasTime: true)
        case 18...21, 32, 33, 45, 47: return .date(hasDate: false, hasTime: true)
        case 46: return .elapsed(largest: "h", minutes: true, seconds: true)
        default: break
        }
        guard let code else { return nil }
        let cleaned = clean(code)
        if cleaned == "general" || cleaned.isEmpty { return nil }
        let section = cleaned.split(separator: ";", omittingEmptySubsequences: false).first.map(String.init) ?? cleaned
        if let elapsed = elapsed(section) { return elapsed }
        if section.allSatisfy({ $0 == "0" }) { return .zeroPadded(width: section.count) }
        let plain = section.replacingOccurrences(of: "#,##", with: "")
        if plain.hasPrefix("0."), plain.dropFirst(2).allSatisfy({ $0 == "0" }), plain.count > 2 {
            return .fixed(decimals: plain.count - 2)
        }
        // Digit placeholders make it a number format (thousands, percent, currency, scientific): digits unchanged.
        if section.contains("0") || section.contains("#") || section.contains("?") { return nil }
        let hasDate = section.contains("d") || section.contains("y") || section.contains("mmm")
        let hasTime = section.contains("h") || section.contains("s")
        // "m" alone is a month beside d/y and a minute beside h/s; three or more are a month name.
        guard hasDate || hasTime else { return nil }
        return .date(hasDate: hasDate, hasTime: hasTime)
    }

    /// The date and time parts a format shows; nil when it shows none.
    static func dateKind(id: Int, code: String?) -> (hasDate: Bool, hasTime: Bool)? {
        switch cellFormat(id: id, code: code) {
        case let .date(hasDate, hasTime): return (hasDate, hasTime)
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

    /// `value` shown with at least `width` integer digits, or with `decimals` decimals.
    static func render(_ number: String, _ format: CellFormat) -> String? {
        guard let value = Double(number), value.isFinite else { return nil }
        switch format {
        case let .zeroPadded(width):
            guard value.rounded() == value, abs(value) < 1e15 else { return nil }
            let digits = String(Int(abs(value)))
            return (value < 0 ? "-" : "") + String(repeating: "0", count: max(0, width - digits.count)) + digits
        case let .fixed(decimals):
            guard abs(value) < 1e15 else { return nil }
            return String(format: "%.\(min(decimals, 15))f", value)
        default:
            return nil
        }
    }
}
