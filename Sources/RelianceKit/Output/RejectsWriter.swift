import CSVCore
import FileSystem
import OutputFiles

/// Writes `rejects.csv`: each rejected row's original cells, then the columns `RejectsColumns`
/// names (`_row`, `_line`, `_errors`, then the key, the duplicate's holder, the source row and
/// `_warnings`).
///
/// UTF-8 with a byte order mark and CRLF line ends so Excel opens it correctly, in the
/// input's delimiter. Cells Excel would run as formulas get a leading `'`, which the
/// reader strips again when the file is fed back.
final class RejectsWriter {
    private let file: AtomicFile
    private let delimiter: UInt8
    private var line: [UInt8] = []

    init(name: String, in folder: FolderHandle, header: [String], delimiter: UInt8) throws(WriteError) {
        file = try AtomicFile(name: name, in: folder)
        self.delimiter = delimiter
        try file.write([0xEF, 0xBB, 0xBF])
        try writeRow(header + RejectsColumns.names)
    }

    func write(cells: [String], row: Int, line physicalLine: Int, findings: [Finding], key: String?, duplicateOf: Int?,
               source: SourceRow) throws(WriteError) {
        let errors = RejectsWriter.errors(findings)
        // Warnings read as in warnings.csv, without notes: a row keeps its notes only when an error
        // may need one, so a warning's explanation would come and go with the row's errors.
        let warnings = findings.filter { $0.severity == .warning }.map(\.description).joined(separator: " | ")
        try writeRow(cells + [String(row), String(physicalLine), errors, key ?? "", duplicateOf.map(String.init) ?? "",
                              String(source.row), String(source.line), source.sha256, warnings])
    }

    /// A row's errors as `_errors` holds them: an error on a value a normalizer rewrote says how it
    /// was read ("read "01.01.10" as 2010-01-01").
    static func errors(_ findings: [Finding]) -> String {
        let notes = Dictionary(findings.filter { $0.severity == .note }.map { ($0.field, $0.message) }, uniquingKeysWith: { first, _ in first })
        return findings.filter { $0.severity == .error }.map { error in
            notes[error.field].map { "\(error) (\($0))" } ?? error.description
        }.joined(separator: " | ")
    }

    func commit() throws(WriteError) {
        try file.commit()
    }

    private func writeRow(_ cells: [String]) throws(WriteError) {
        line.removeAll(keepingCapacity: true)
        CSVWriter.appendRecord(cells, delimiter: delimiter, neutralizeFormulas: true, to: &line)
        try file.write(line)
    }
}
