/// The text of `--deadline`: whole seconds (`90`), or a number with a unit: `90s`, `15m`, `2h`.
public enum DeadlineText {
    /// The longest deadline accepted, so the seconds always fit a sleep in nanoseconds: 30 days.
    static let longest = 30 * 24 * 3600
    static let units: [Character: Int] = ["s": 1, "m": 60, "h": 3600]

    /// The seconds `text` names, or nil when it is not a positive whole number with an optional
    /// unit, or exceeds 30 days.
    public static func seconds(_ text: String) -> Int? {
        var digits = Substring(text)
        var unit = 1
        if let last = digits.last, let factor = units[last] {
            unit = factor
            digits = digits.dropLast()
        }
        guard !digits.isEmpty, digits.allSatisfy({ ("0"..."9").contains($0) }), let value = Int(digits), value > 0,
              value <= longest / unit else { return nil }
        return value * unit
    }
}
