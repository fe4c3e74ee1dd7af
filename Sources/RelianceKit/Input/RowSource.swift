/// Where rows come from: a CSV file or a sheet of a workbook.
protocol RowSource: AnyObject {
    /// Header names trimmed, as the mapping refers to them.
    var header: [String] { get }
    /// Header names exactly as read, for the rejects report.
    var rawHeader: [String] { get }
    /// How many trailing columns are a fed-back rejects report's own (`RejectsColumns`); 0 for an export.
    var reportColumns: Int { get }
    /// The row (a CSV's line) the header was found on, and how many rows above it were skipped.
    var headerLine: Int { get }
    var rowsAboveHeader: Int { get }
    /// Empty header cells at the end of the header that were left out (Excel's trailing delimiter).
    var emptyColumnsIgnored: Int { get }
    /// How many totals rows of Excel tables were skipped (none in a CSV).
    var totalsRowsSkipped: Int { get }
    /// The delimiter `rejects.csv` is written with.
    var rejectsDelimiter: UInt8 { get }
    /// The share of the input read so far, from 0 to 1, for progress and ETA.
    var fractionRead: Double { get }
    /// The next data row, or nil at the end.
    func next() throws(ConvertError) -> InputRow?
}

extension RowSource {
    var emptyColumnsIgnored: Int { 0 }
    var totalsRowsSkipped: Int { 0 }

    /// Whether the input is a rejects report fed back, whose neutralized cells are restored.
    var isRejectsReport: Bool { reportColumns > 0 }

    /// Checks header names. Empty and repeated names are allowed: exports carry filler columns
    /// (DATEV's `Leerfeld`) and unnamed ones, and only a mapping that reads such a column is wrong,
    /// which binding the mapping reports. A header that holds the report's own columns out of
    /// place is a damaged fed-back file, refused.
    static func checkHeader(_ names: [String], path: String, line: Int) throws(ConvertError) {
        if let damage = RejectsColumns.damage(in: names) { throw .input("\(path):\(line): \(damage)") }
    }
}
