/// A cell's value as the workbook stores it.
public enum XLSXCell: Sendable, Equatable {
    case empty
    case text(String)
    /// A number as written in the sheet (`491701234567`, `4.5E-3`).
    case number(String)
    /// A number shown with a date or time format: a serial day count with its date system.
    case date(serial: Double, system1904: Bool, hasDate: Bool, hasTime: Bool)
    case boolean(Bool)
    /// An error value such as `#N/A`.
    case error(String)
    /// A cell the workbook holds but cannot resolve (a shared string index past the table).
    case damaged(String)
}

/// One row of a sheet: its 1-based row number and its cells by column (gaps filled with `.empty`).
public struct XLSXRow: Sendable {
    public let number: Int
    public let cells: [XLSXCell]
    /// The first cell with a value at or past the reader's `columnLimit`, and its column; such
    /// cells are not placed, so a row's work is bounded by the columns that matter.
    public var outside: (column: Int, cell: XLSXCell)?
    /// Whether the row is an Excel table's totals row (`TableTotals`): labels and subtotals, not a record.
    public var isTableTotals: Bool

    public init(number: Int, cells: [XLSXCell], outside: (column: Int, cell: XLSXCell)? = nil, isTableTotals: Bool = false) {
        self.number = number
        self.cells = cells
        self.outside = outside
        self.isTableTotals = isTableTotals
    }
}
