/// Writes `rejects.csv`: each rejected row's original cells, then `_row`, `_line` and `_errors`.
///
/// UTF-8 with a byte order mark and CRLF line ends so Excel opens it correctly, in the
/// input's delimiter. Cells Excel would run as formulas get a leading `'`, which the
/// reader strips again when the file is fed back.
final class RejectsWriter {
    static let extraColumns = ["_row", "_line", "_errors"]

    private let file: AtomicFile
    private let delimiter: UInt8
    private var line: [UInt8] = []

    init(path: String, header: [String], delimiter: UInt8) throws(WriteError) {
        file = try AtomicFile(path: path)
        self.delimiter = delimiter
        try file.write([0xEF, 0xBB, 0xBF])
        try writeRow(header + RejectsWriter.extraColumns)
    }

    func write(cells: [String], row: Int, line physicalLine: Int, findings: [Finding]) throws(WriteError) {
        // An error on a value a normalizer rewrote says how it was read ("read "01.01.10" as 2010-01-01").
        let notes = Dictionary(findings.filter { $0.severity == .note }.map { ($0.field, $0.message) }, uniquingKeysWith: { first, _ in first })
        let errors = findings.filter { $0.severity == .error }.map { error in
            notes[error.field].map { "\(error) (\($0))" } ?? error.description
        }.joined(separator: " | ")
        try writeRow(cells + [String(row), String(physicalLine), errors])
    }

    func commit() throws(WriteError) {
        try file.commit()
    }

    private func writeRow(_ cells: [String]) throws(WriteError) {
        line.removeAll(keepingCapacity: true)
        for (index, cell) in cells.enumerated() {
            if index > 0 { line.append(delimiter) }
            RejectsWriter.appendCell(cell, delimiter: delimiter, to: &line)
        }
        line.append(contentsOf: [0x0D, 0x0A])
        try file.write(line)
    }

    static func appendCell(_ cell: String, delimiter: UInt8, to out: inout [UInt8]) {
        var bytes = Array(cell.utf8)
        if let first = bytes.first, formulaStarts.contains(first) { bytes.insert(UInt8(ascii: "'"), at: 0) }
        let needsQuotes = bytes.contains { $0 == delimiter || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }
            || bytes.first == 0x20 || bytes.last == 0x20
        guard needsQuotes else {
            out.append(contentsOf: bytes)
            return
        }
        out.append(0x22)
        for byte in bytes {
            if byte == 0x22 { out.append(0x22) }
            out.append(byte)
        }
        out.append(0x22)
    }

    /// `=`, `+`, `-`, `@`, tab and CR start a formula in Excel.
    static let formulaStarts: Set<UInt8> = [0x3D, 0x2B, 0x2D, 0x40, 0x09, 0x0D]
}
