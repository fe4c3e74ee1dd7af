import CSVCore

/// Writes `manifest.csv`: one line per ZIP written, so an auditor can tie every ZIP to its input row.
///
/// Columns: `key`, `zip`, `sha256` (of the ZIP), `row` and `line` (as in `rejects.csv`), and
/// `attachments` (file names separated by `|`). UTF-8 with BOM, comma-separated, CRLF.
final class ManifestWriter {
    static let name = "manifest.csv"
    private let file: AtomicFile
    private var line: [UInt8] = []

    init(folder: String) throws(WriteError) {
        file = try AtomicFile(path: Converter.path(folder, ManifestWriter.name))
        try file.write([0xEF, 0xBB, 0xBF])
        try writeRow(["key", "zip", "sha256", "row", "line", "attachments"])
    }

    func add(key: String, zip: String, sha256: String, row: Int, line physicalLine: Int, attachments: [String]) throws(WriteError) {
        try writeRow([key, zip, sha256, String(row), String(physicalLine), attachments.joined(separator: "|")])
    }

    func commit() throws(WriteError) {
        try file.commit()
    }

    private func writeRow(_ cells: [String]) throws(WriteError) {
        line.removeAll(keepingCapacity: true)
        CSVWriter.appendRecord(cells, delimiter: UInt8(ascii: ","), neutralizeFormulas: true, to: &line)
        try file.write(line)
    }
}
