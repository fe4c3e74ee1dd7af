import FileSystem
import OutputFiles

/// Writes `warnings.csv`: one line per warning of every converted row (an expired document, a
/// title or salutation left out, an item left out, a postal code restored), so each can be traced
/// to its customer without opening ZIPs.
///
/// Columns: `key`, `row` and `line` (the row of the original export), `field`, `code`, `message`,
/// `source_sha256`. UTF-8 with BOM, comma-separated, CRLF; merged like the manifest in a run that
/// adds to the folder.
final class WarningsWriter {
    static let name = "warnings.csv"
    static let columns = ["key", "row", "line", "field", "code", "message", "source_sha256"]
    private let file: KeyedCSVFile

    init(folder: FolderHandle) throws(WriteError) {
        file = try KeyedCSVFile(name: WarningsWriter.name, in: folder, columns: WarningsWriter.columns)
    }

    func add(key: String, source: SourceRow, warnings: some Sequence<Finding>) throws(WriteError) {
        for warning in warnings {
            try file.add([key, String(source.row), String(source.line), warning.field, warning.code.rawValue, warning.message, source.sha256])
        }
    }

    func commit(carryingOver keep: ((String) -> Bool)? = nil) throws(WriteError) {
        try file.commit(carryingOver: keep)
    }
}
