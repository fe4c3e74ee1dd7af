import CSVCore
import FileSystem

/// A CSV report of the output folder whose lines belong to customer keys (`manifest.csv`,
/// `warnings.csv`): UTF-8 with BOM, comma-separated, CRLF, formula starts neutralized.
///
/// A run writes its own lines as they come. A run that adds to the folder (a fed-back rejects
/// report) then carries over the previous file's lines for every key it did not write itself,
/// read back by column name, so the file keeps describing the whole folder. Only the lines of
/// the previous file are streamed, never held.
package final class KeyedCSVFile {
    private let columns: [String]
    private let file: AtomicFile
    private var line: [UInt8] = []

    package init(name: String, in folder: FolderHandle, columns: [String]) throws(WriteError) {
        self.columns = columns
        file = try AtomicFile(name: name, in: folder)
        try file.write([0xEF, 0xBB, 0xBF])
        try writeRow(columns)
    }

    package func add(_ cells: [String]) throws(WriteError) {
        try writeRow(cells)
    }

    /// Appends the previous file's lines whose key `keep` accepts, then renames the file into place.
    /// A previous file that is there but cannot be read stops the commit: renaming the new file
    /// over it would drop the lines of every key the run did not write.
    /// - Parameter refresh: applied to each carried line before it is written.
    package func commit(carryingOver keep: ((_ key: String) -> Bool)? = nil, refreshing refresh: ((inout [String]) -> Void)? = nil) throws(WriteError) {
        if let keep {
            var lines: KeyedLines
            do { lines = try KeyedLines(name: file.name, in: file.folder, columns: columns) } catch { throw carryFailure(error) }
            while true {
                let next: [String]?
                do { next = try lines.next() } catch { throw carryFailure(error) }
                guard var cells = next else { break }
                guard keep(cells[0]) else { continue }
                refresh?(&cells)
                try writeRow(cells)
            }
        }
        try file.commit()
    }

    private func carryFailure(_ error: ReadError) -> WriteError {
        WriteError(path: file.folder.shown(file.name), reason: "its previous lines cannot be carried over: \(error)")
    }

    private func writeRow(_ cells: [String]) throws(WriteError) {
        line.removeAll(keepingCapacity: true)
        CSVWriter.appendRecord(cells, delimiter: UInt8(ascii: ","), neutralizeFormulas: true, to: &line)
        try file.write(line)
    }

    /// Streams the data lines of the keyed report `name` in `folder`, as cells in the order of
    /// `columns` (a column the file lacks reads as empty: files written before it existed), with
    /// the `'` the writer put before formula starts removed. None when the file is missing.
    ///
    /// A file that is a link or not a regular file, cannot be read, has no `key` column (the
    /// first of `columns`) or holds a malformed line throws, naming the file and line.
    package struct KeyedLines {
        private let reader: CSVReader?
        private let shown: String
        private var positions: [Int?] = []
        private var record = CSVRecord()

        package init(name: String, in folder: FolderHandle, columns: [String]) throws(ReadError) {
            shown = folder.shown(name)
            let info: FileStatus
            do {
                info = try folder.descriptor.status(of: name)
            } catch {
                guard error == .noEntry else { throw ReadError(message: "\(shown): cannot read: \(error)") }
                reader = nil
                return
            }
            // The tool's own report: never read through a link someone planted under its name.
            guard info.isRegularFile else {
                let what = info.kind == .symbolicLink ? "a symbolic link" : "not a regular file"
                throw ReadError(message: "\(shown) is \(what); the tool writes its reports as plain files")
            }
            do {
                let reader = try CSVReader(file: try Self.open(name, in: folder), path: shown, delimiter: UInt8(ascii: ","))
                self.reader = reader
                guard try reader.next(into: &record) else { return }
            } catch {
                throw ReadError(message: error.description)
            }
            let header = record.fields.map { String(decoding: $0, as: UTF8.self) }
            positions = columns.map { header.firstIndex(of: $0) }
            guard positions.first ?? nil != nil else {
                throw ReadError(message: "\(shown): its header has no \"\(columns[0])\" column; it is not a report the tool wrote")
            }
        }

        /// Opens the report `name` of `folder`, never through a symbolic link.
        private static func open(_ name: String, in folder: FolderHandle) throws(CSVReadError) -> FileDescriptor {
            do {
                return try folder.openFile(name)
            } catch {
                throw .cannotOpen(path: folder.shown(name), reason: error == .tooManyLinks ? "it is a symbolic link" : error.description)
            }
        }

        /// Whether the file was there.
        package var fileExists: Bool { reader != nil }

        /// The next line with a key; nil at the end.
        package mutating func next() throws(ReadError) -> [String]? {
            guard let reader, !positions.isEmpty else { return nil }
            while true {
                do {
                    guard try reader.next(into: &record) else { return nil }
                } catch {
                    throw ReadError(message: error.description)
                }
                if let problem = record.problem { throw ReadError(message: "\(shown):\(record.line): \(problem)") }
                let cells = positions.map { position -> String in
                    guard let position, position < record.count else { return "" }
                    return CSVWriter.removingNeutralization(String(decoding: record.field(position), as: UTF8.self))
                }
                if !cells[0].isEmpty { return cells }
            }
        }
    }
}
