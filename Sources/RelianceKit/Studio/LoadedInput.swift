/// An export read whole into memory for the studio, as the mapping's input settings read it, with
/// what `init` proposes for it.
package struct LoadedInput {
    package let settings: InputSettings
    package let header: [String]
    package let rawHeader: [String]
    let rows: [InputRow]
    package let encoding: String
    package let delimiter: UInt8?
    /// The delimiter a rejects report of this export is written with (the studio's fixed rows).
    let rejectsDelimiter: UInt8
    package let sheet: String?
    package let headerLine: Int
    /// A fed-back rejects report's own trailing columns (0 for an export).
    package let reportColumns: Int
    /// What `init` writes for the export read with these settings (nil when it cannot).
    package let scaffold: MappingScaffold?

    var isRejectsReport: Bool { reportColumns > 0 }

    /// Reads every row of `path` through the held file `inspection`; refuses an export over the
    /// studio's bounds (`StudioSession.rowLimit`, `.textLimit`) instead of taking the machine's memory.
    /// - Parameter scaffold: what `init` writes for the export read with `settings`, when it is made already.
    static func read(_ path: String, settings: InputSettings, inspection: InputDetection.Inspection,
                     scaffold made: MappingScaffold? = nil) throws(ConvertError) -> LoadedInput {
        let opened = try InputDetection.openInput(path, settings: settings, inspection: inspection)
        let source = opened.source
        var rows: [InputRow] = []
        var text = 0
        while let row = try source.next() {
            text += row.cells.reduce(0) { $0 + $1.utf8.count }
            guard rows.count < StudioSession.rowLimit, text <= StudioSession.textLimit else {
                throw .input("\(path): the studio holds at most \(StudioSession.rowLimit) rows and \(StudioSession.textLimit >> 20) MiB of cells; "
                    + "open a part of the export (its first rows, saved as a file of their own) to build the mapping, then convert the whole")
            }
            rows.append(row)
        }
        // Rows read from a file rewritten meanwhile are not the export that was inspected.
        try InputDetection.checkUnchanged(inspection, path: path)
        let scaffold = made ?? (try? MappingScaffold.make(inputPath: path, held: inspection, sheet: settings.sheet, headerRow: settings.headerRow))
        return LoadedInput(settings: settings, header: source.header, rawHeader: source.rawHeader, rows: rows, encoding: opened.encoding,
                           delimiter: opened.delimiter, rejectsDelimiter: source.rejectsDelimiter, sheet: opened.sheet, headerLine: source.headerLine, reportColumns: source.reportColumns,
                           scaffold: scaffold)
    }
}
