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
    var totalsRowsSkipped: Int { 0 }

    /// Whether the input is a rejects report fed back, whose neutralized cells are restored.
    var isRejectsReport: Bool { reportColumns > 0 }

    /// Checks header names: none empty, none twice.
    static func checkHeader(_ names: [String], path: String, line: Int) throws(ConvertError) {
        var seen: [String: Int] = [:]
        for (index, name) in names.enumerated() {
            if name.isEmpty, names.count > 1 {
                throw .input("\(path):\(line):\(index + 1): header column \(index + 1) has no name")
            }
            if let first = seen[name] {
                throw .input("\(path):\(line): the header names \"\(name)\" twice (columns \(first + 1) and \(index + 1))")
            }
            seen[name] = index
        }
    }
}
