import CSVCore

/// A CSV report of the output folder whose lines belong to customer keys (`manifest.csv`,
/// `warnings.csv`): UTF-8 with BOM, comma-separated, CRLF, formula starts neutralized.
///
/// A run writes its own lines as they come. A run that adds to the folder (a fed-back rejects
/// report) then carries over the previous file's lines for every key it did not write itself,
/// read back by column name, so the file keeps describing the whole folder. Only the lines of
/// the previous file are streamed, never held.
final class KeyedCSVFile {
    private let columns: [String]
    private let file: AtomicFile
    private var line: [UInt8] = []

    init(name: String, in folder: FolderHandle, columns: [String]) throws(WriteError) {
        self.columns = columns
        file = try AtomicFile(name: name, in: folder)
        try file.write([0xEF, 0xBB, 0xBF])
        try writeRow(columns)
    }

    func add(_ cells: [String]) throws(WriteError) {
        try writeRow(cells)
    }

    /// Appends the previous file's lines whose key `keep` accepts, then renames the file into place.
    /// A previous file that cannot be read is left out: the run's own lines are what it vouches for.
    /// - Parameter refresh: applied to each carried line before it is written.
    func commit(carryingOver keep: ((_ key: String) -> Bool)? = nil, refreshing refresh: ((inout [String]) -> Void)? = nil) throws(WriteError) {
        if let keep {
            for var cells in KeyedCSVFile.lines(of: file.folder.pinnedPath(file.name), columns: columns) where keep(cells[0]) {
                refresh?(&cells)
                try writeRow(cells)
            }
        }
        try file.commit()
    }

    private func writeRow(_ cells: [String]) throws(WriteError) {
        line.removeAll(keepingCapacity: true)
        CSVWriter.appendRecord(cells, delimiter: UInt8(ascii: ","), neutralizeFormulas: true, to: &line)
        try file.write(line)
    }

    /// The data lines of a keyed report at `path`, as cells in the order of `columns` (a column
    /// the file lacks reads as empty), with the `'` the writer put before formula starts removed.
    /// Nothing when the file is missing or has no `key` column.
    static func lines(of path: String, columns: [String]) -> KeyedLines {
        KeyedLines(path: path, columns: columns)
    }

    /// Streams the lines of a keyed report.
    struct KeyedLines: Sequence, IteratorProtocol {
        private let reader: CSVReader?
        private var positions: [Int?] = []
        private var record = CSVRecord()

        init(path: String, columns: [String]) {
            // The tool's own report: never read through a link someone planted under its name.
            reader = try? CSVReader(path: path, delimiter: UInt8(ascii: ","), followingLinks: false)
            guard let reader, (try? reader.next(into: &record)) == true else { return }
            let header = record.fields.map { String(decoding: $0, as: UTF8.self) }
            positions = columns.map { header.firstIndex(of: $0) }
            if positions.first ?? nil == nil { positions = [] }
        }

        mutating func next() -> [String]? {
            guard let reader, !positions.isEmpty else { return nil }
            while (try? reader.next(into: &record)) == true {
                guard record.problem == nil else { continue }
                let cells = positions.map { position -> String in
                    guard let position, position < record.count else { return "" }
                    return CSVWriter.removingNeutralization(String(decoding: record.field(position), as: UTF8.self))
                }
                if !cells[0].isEmpty { return cells }
            }
            return nil
        }
    }
}
