/// Where rows come from: a CSV file or a sheet of a workbook.
protocol RowSource: AnyObject {
    /// Header names trimmed, as the mapping refers to them.
    var header: [String] { get }
    /// Header names exactly as read, for the rejects report.
    var rawHeader: [String] { get }
    /// Whether the input is a rejects report fed back; its last three columns are ignored.
    var isRejectsReport: Bool { get }
    /// The delimiter `rejects.csv` is written with.
    var rejectsDelimiter: UInt8 { get }
    /// The share of the input read so far, from 0 to 1, for progress and ETA.
    var fractionRead: Double { get }
    /// The next data row, or nil at the end.
    func next() throws(ConvertError) -> InputRow?
}

extension RowSource {
    /// Whether a header is that of a rejects report fed back: it ends in `_row`, `_line`, `_errors`.
    static func isRejectsReport(_ header: [String]) -> Bool {
        header.suffix(RejectsWriter.extraColumns.count) == RejectsWriter.extraColumns[...]
    }

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
