import OutputFiles

/// The columns `rejects.csv` adds after the original ones, and what a fed-back row carries in them.
///
/// `_row`, `_line` and `_errors` say where the row sits in the input it was rejected from and why.
/// `_source_row`, `_source_line` and `_source_sha256` name the row of the original export, and
/// travel unchanged through every round trip, so a second or third `rejects.csv` still points into
/// the file the migration started from. `_key` is the customer key the row was given (empty when
/// none could be built) and `_duplicate_of` the source row that holds that key when the row was
/// rejected as a duplicate: a machine reads these, never the wording of `_errors`. `_warnings` holds
/// the row's warnings, which no other file lists for a rejected row; it comes last so that a report
/// written before it existed keeps the same columns in front, and it is read back by no one: the
/// row is checked afresh when fed back.
package enum RejectsColumns {
    package static let names = ["_row", "_line", "_errors", "_key", "_duplicate_of", "_source_row", "_source_line", "_source_sha256", "_warnings"]
    /// The report's first three columns: the least a fed-back file must keep of them (the form
    /// written before source rows were carried). The forms written since are longer prefixes of
    /// `names` (without `_warnings`: eight columns), and such files are still read.
    static let legacyNames = Array(names.prefix(3))

    /// How many trailing columns of `header` are the report's own: 0 for an export.
    ///
    /// The report's columns end the header in the order the report writes them, from `_row` on;
    /// the last ones may be missing (a person tidying the file in an office program deleted them,
    /// or the report was written before they existed): a cell that is not there reads as empty,
    /// and a row without `_source_sha256` is taken to come from an export that is not known.
    static func count(in header: [String]) -> Int {
        guard let start = header.lastIndex(of: names[0]), start > 0 else { return 0 }
        let tail = header[start...]
        guard tail.count >= legacyNames.count, tail.count <= names.count, tail.elementsEqual(names.prefix(tail.count)) else { return 0 }
        return tail.count
    }

    /// Why `header` cannot be read: it holds the report's own columns, but not as the report ends.
    /// Such a file is a fed-back report an office program damaged (a column deleted or moved); read
    /// as an export, its run would retire every customer it lacks. Nil for a report or an export.
    static func damage(in header: [String]) -> String? {
        guard count(in: header) == 0 else { return nil }
        let own = names.filter(header.contains)
        guard own.count >= 2 else { return nil }
        let missing = names.prefix(legacyNames.count).filter { !header.contains($0) }
        let detail = missing.isEmpty ? "they are not the last columns, in the order rejects.csv writes them"
            : "\(missing.joined(separator: ", ")) \(missing.count == 1 ? "is" : "are") missing"
        return "the header holds the columns of a fed-back rejects.csv (\(own.joined(separator: ", "))), but \(detail); "
            + "they must end the header as \(names.joined(separator: ", ")). An office program may have moved or deleted them: "
            + "restore them from the rejects.csv the run wrote. Nothing was converted or retired"
    }

    /// Whether the first line of a file names the report's own columns: such a
    /// file is read by its own header, whatever the mapping's `input` section says (header row,
    /// delimiter, encoding), since an office program may have re-saved it with other ones.
    /// UTF-16 text (an office program's "Unicode text") is looked at without its zero bytes.
    static func mayBeReport(_ firstLine: [UInt8]) -> Bool {
        let firstLine = firstLine.filter { $0 != 0 }
        let text = String(decoding: firstLine, as: UTF8.self)
        return text.contains(names[0]) && text.contains(names[2])
    }

    /// What a fed-back row says about itself, read from its trailing columns.
    struct Carried: Equatable {
        var source: SourceRow
        /// The key the row had when it was rejected, and the source row that held it then.
        var key: String?
        var duplicateOf: Int?
    }

    /// Reads the trailing columns of a fed-back row (`extra` holds them in header order, in any of
    /// the forms, each a prefix of `names`).
    /// A row whose source columns are empty or not numbers (a legacy report, or cells someone
    /// cleared) falls back to `_row` and `_line`, which were the original export's in a first report.
    static func carried(_ extra: ArraySlice<String>) -> Carried {
        func cell(_ name: String) -> String? {
            guard let index = names.firstIndex(of: name), index < extra.count else { return nil }
            let text = extra[extra.startIndex + index].trimmedSpaces
            return text.isEmpty ? nil : text
        }
        let row = cell("_source_row").flatMap { Int($0) } ?? cell("_row").flatMap { Int($0) } ?? 0
        let line = cell("_source_line").flatMap { Int($0) } ?? cell("_line").flatMap { Int($0) } ?? row
        let source = SourceRow(sha256: cell("_source_sha256")?.lowercased() ?? "", row: row, line: line)
        return Carried(source: source, key: cell("_key"), duplicateOf: cell("_duplicate_of").flatMap { Int($0) })
    }
}
