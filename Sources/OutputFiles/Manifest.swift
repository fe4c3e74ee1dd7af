#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import FileSystem

/// `manifest.csv`: one line per ZIP in the folder, so an auditor can tie every ZIP to the row of
/// the original export it came from, and `upload` knows what to send. Written by a run as it
/// goes; read back by a run that adds to the folder (which row made each ZIP, and the lines it
/// carries over) and by `upload` (what to send, and the SHA-256 each ZIP must still have).
///
/// Columns (`columns`, the one list the writer and every reader use): `key`, `zip`, `sha256` (of
/// the ZIP), `row` and `line` (the row of the original export, also through any number of
/// rejects round trips), `attachments` (file names separated by `|`) and `source_sha256` (the
/// original export's SHA-256). UTF-8 with BOM, comma-separated, CRLF.
package final class Manifest {
    package static let name = "manifest.csv"
    static let columns = ["key", "zip", "sha256", "row", "line", "attachments", "source_sha256"]
    private let file: KeyedCSVFile

    /// One line of the manifest: one ZIP. Holds the cells as they stand in the file, so a line
    /// carried over is written back byte for byte.
    package struct Entry: Sendable, Equatable {
        fileprivate let cells: [String]

        package var key: String { cells[0] }
        package var zip: String { cells[1] }
        /// The ZIP's SHA-256, in lower case.
        package var sha256: String { cells[2].lowercased() }
        /// The row of the original export the ZIP came from (a manifest written before lines
        /// were recorded has the row's number for its line).
        package var source: SourceRow {
            let row = Int(cells[3]) ?? 0
            return SourceRow(sha256: cells[6].lowercased(), row: row, line: Int(cells[4]) ?? row)
        }

        /// Whether `zip` names a file directly in the folder, as a ZIP the converter writes does
        /// (`<key>.zip`, no folder part), so a manifest edited by hand cannot point elsewhere.
        package var isPlainName: Bool {
            zip == key + ".zip" && !zip.hasPrefix(".") && !zip.contains("/") && !zip.contains("\0")
        }
    }

    package init(folder: FolderHandle) throws(WriteError) {
        file = try KeyedCSVFile(name: Manifest.name, in: folder, columns: Manifest.columns)
    }

    package func add(key: String, zip: String, sha256: String, source: SourceRow, attachments: [String]) throws(WriteError) {
        try file.add([key, zip, sha256, String(source.row), String(source.line), attachments.joined(separator: "|"), source.sha256])
    }

    /// - Parameter keep: in a run that adds to the folder, which keys of the previous manifest stay listed.
    ///
    /// A carried line vouches for a ZIP that an earlier run wrote before it committed that
    /// manifest. A ZIP changed since (a full run killed after rewriting it and before its own
    /// manifest) would no longer match its line, and `upload` would refuse it until the next full
    /// run: such a ZIP, not older than the previous manifest (a clock tick may hold both), has its
    /// SHA-256 taken again from the file.
    package func commit(carryingOver keep: ((String) -> Bool)? = nil, in folder: FolderHandle) throws(WriteError) {
        guard keep != nil else { return try file.commit() }
        guard let written = (try? folder.descriptor.status(of: Manifest.name))?.modified else { return try file.commit(carryingOver: keep) }
        try file.commit(carryingOver: keep) { cells in
            if let sha = Manifest.sha256(of: cells[1], in: folder, ifNotOlderThan: written) { cells[2] = sha }
        }
    }

    /// Streams the lines of `folder`'s manifest in file order, read through the folder's
    /// descriptor; nil when the folder has none. Throws when the manifest is there but cannot be
    /// read: a link or not a regular file (the tool writes plain files), a read error, a
    /// malformed line, or no `key` column.
    package static func lines(in folder: FolderHandle) throws(ReadError) -> Lines? {
        let lines = try KeyedCSVFile.KeyedLines(name: name, in: folder, columns: columns)
        return lines.fileExists ? Lines(lines) : nil
    }

    /// The entries of `folder`'s manifest in file order, one per key, or nil when the folder has
    /// none. The last line of a key wins, as a run that adds to the folder never writes one twice.
    package static func entries(in folder: FolderHandle) throws(ReadError) -> [Entry]? {
        guard var lines = try lines(in: folder) else { return nil }
        var entries: [Entry] = []
        var position: [String: Int] = [:]
        while let entry = try lines.next() {
            if let index = position[entry.key] {
                entries[index] = entry
            } else {
                position[entry.key] = entries.count
                entries.append(entry)
            }
        }
        return entries
    }

    /// The lines of a manifest, streamed.
    package struct Lines {
        private var lines: KeyedCSVFile.KeyedLines

        fileprivate init(_ lines: KeyedCSVFile.KeyedLines) {
            self.lines = lines
        }

        /// The next line; nil at the end.
        package mutating func next() throws(ReadError) -> Entry? {
            try lines.next().map(Entry.init(cells:))
        }
    }

    /// The SHA-256 of the regular file `name` in `folder` when it was modified at `time` or later,
    /// looked at and read through one descriptor opened without following a link; nil otherwise.
    /// Most carried ZIPs are older, and cost one `fstatat`; the few that are not are opened, and
    /// what decides is the `fstat` of the descriptor that is read.
    static func sha256(of name: String, in folder: FolderHandle, ifNotOlderThan time: timespec) -> String? {
        func isCandidate(_ info: FileStatus?) -> Bool {
            guard let info else { return false }
            return info.isRegularFile && info.isModified(since: time)
        }
        guard isCandidate(try? folder.descriptor.status(of: name)), let file = try? folder.openFile(name) else { return nil }
        guard let info = try? file.status(), isCandidate(info) else { return nil }
        return file.sha256Hex(size: info.size)
    }
}
