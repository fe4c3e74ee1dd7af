/// How a cell's number format changes the text a person sees in Excel, where it matters to a
/// conversion: dates and times, elapsed durations, and numbers padded or fixed to a number of
/// digits. Other formats (thousands separators, percent, currency, scientific) leave the number's
/// digits as they are: a separator or a symbol would break the values the rules read.
public enum CellFormat: Equatable, Sendable {
    case date(hasDate: Bool, hasTime: Bool)
    /// `[h]:mm:ss`, `[mm]:ss`, `[s]`: a duration counted in its largest unit, days included.
    case elapsed(largest: Character, minutes: Bool, seconds: Bool)
    /// `00000`: an integer shown with at least this many digits (postal codes, account numbers).
    case zeroPadded(width: Int)
    /// `0.00`, `#,##0.00`: this many decimals.
    case fixed(decimals: Int)
}
