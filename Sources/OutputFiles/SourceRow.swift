/// A row of an original export: the export's SHA-256 and the row's record number and line there.
/// A ZIP belongs to the source row it was made from; runs over time compare these, never positions
/// in a fed-back file. An empty `sha256` means the export is not known (a legacy report).
package struct SourceRow: Hashable, Sendable {
    package var sha256: String
    package var row: Int
    package var line: Int

    package init(sha256: String, row: Int, line: Int) {
        self.sha256 = sha256
        self.row = row
        self.line = line
    }

    /// Whether both are the same row of the same known export.
    package func isSame(as other: SourceRow) -> Bool {
        !sha256.isEmpty && sha256 == other.sha256 && row == other.row
    }
}
