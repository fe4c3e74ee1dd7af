/// The totals rows of an Excel table ("Total Row" in Excel's table design): the last
/// `totalsRowCount` rows of the table's range, across the columns it spans. Such a row holds a
/// label and SUBTOTAL formulas over the rows above it, not a record.
public struct TableTotals: Sendable, Equatable {
    /// Sheet rows, 1-based.
    public let rows: ClosedRange<Int>
    /// Columns, 0-based.
    public let columns: ClosedRange<Int>

    public init(rows: ClosedRange<Int>, columns: ClosedRange<Int>) {
        self.rows = rows
        self.columns = columns
    }

    /// The totals rows of a table part's `<table ref="A1:D5" totalsRowCount="1">`; nil when it has none.
    init?(reference: String, totalsRowCount: Int) {
        let corners = reference.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        guard totalsRowCount > 0, (1...2).contains(corners.count),
              let first = XLSXSheetReader.column(of: corners[0]), let last = XLSXSheetReader.column(of: corners[corners.count - 1]),
              let top = XLSXSheetReader.row(of: corners[0]), let bottom = XLSXSheetReader.row(of: corners[corners.count - 1]),
              first <= last, top <= bottom else { return nil }
        rows = max(top, bottom - totalsRowCount + 1)...bottom
        columns = first...last
    }

    /// Whether `row` is one of these totals rows with no value beside the table: a value outside its
    /// columns belongs to something else, and such a row is read as any other.
    func covers(_ row: XLSXRow) -> Bool {
        guard rows.contains(row.number) else { return false }
        if let outside = row.outside, !columns.contains(outside.column) { return false }
        return row.cells.indices.allSatisfy { columns.contains($0) || row.cells[$0] == .empty }
    }
}
