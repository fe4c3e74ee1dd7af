/// How a cell's number format changes the text a person sees in Excel, where it matters to a
/// conversion: dates and times, elapsed durations, and numbers rounded and padded to a format's
/// digits. Other formats (thousands separators, percent, currency, scientific) leave the number's
/// digits as they are: a separator or a symbol would break the values the rules read.
public enum CellFormat: Equatable, Sendable {
    /// A date, a time of day or both; `subsecondDigits` for a time shown with fractions of a
    /// second (`hh:mm:ss.000`).
    case date(hasDate: Bool, hasTime: Bool, subsecondDigits: Int = 0)
    /// `[h]:mm:ss`, `[mm]:ss`, `[s]`: a duration counted in its largest unit, days included.
    case elapsed(largest: Character, minutes: Bool, seconds: Bool)
    /// `00000`, `0`, `0.00`, `#.##`, `#,##0.0#`: at least `integers` integer digits (zeros in front:
    /// postal codes, account numbers) and, when the format has a decimal point, between
    /// `decimals.lowerBound` and `decimals.upperBound` decimals.
    case digits(integers: Int, decimals: ClosedRange<Int>?)
}
