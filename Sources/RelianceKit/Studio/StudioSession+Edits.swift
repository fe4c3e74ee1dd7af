import CSVCore
import FileSystem
import Foundation
import OutputFiles
import Yams

extension StudioSession {
    /// Maps one raw value of an enumerated field to a code: adds `value: to` to the `map` of the
    /// field's line, which is rewritten as one flow line.
    package func alias(_ path: String, value: String, to code: String) throws(MappingText.EditError) {
        let full = "customer." + path
        guard let entry = text.entry(full), let line = entry.value else {
            throw MappingText.EditError(description: "\(path) has no mapping line yet: map it to a column first")
        }
        guard let node = try? Yams.compose(yaml: line, .basic) else { throw MappingText.EditError(description: "\(path)'s line cannot be read as YAML") }
        var pairs: [(String, String)]
        switch node {
        case let .scalar(scalar):
            guard !scalar.string.contains("{") else {
                throw MappingText.EditError(description: "\(path) is a template; a value table applies to one column")
            }
            pairs = [("column", FlowYAML.text(node)), ("map", "{ \(YAMLText.scalar(value)): \(YAMLText.scalar(code)) }")]
        case let .mapping(mapping):
            pairs = []
            var mapped = false
            for (key, item) in mapping {
                guard key.string == "map", case let .mapping(table) = item else {
                    pairs.append((key.string ?? "", FlowYAML.text(item)))
                    continue
                }
                var entries = table.filter { $0.key.string != value }.map { "\(YAMLText.scalar($0.key.string ?? "")): \(FlowYAML.text($0.value))" }
                entries.append("\(YAMLText.scalar(value)): \(YAMLText.scalar(code))")
                pairs.append(("map", "{ " + entries.joined(separator: ", ") + " }"))
                mapped = true
            }
            if !mapped { pairs.append(("map", "{ \(YAMLText.scalar(value)): \(YAMLText.scalar(code)) }")) }
        default:
            throw MappingText.EditError(description: "\(path) reads several columns; map the value in settings.aliases or in each column's line")
        }
        try edit(full, line: "{ " + pairs.map { "\($0.0): \($0.1)" }.joined(separator: ", ") + " }")
    }

    /// Sets the sheet and the header row the export is read with (`input.sheet`, `input.header_row`).
    package func setInput(sheet: String?, headerRow: Int?, clearsHeaderRow: Bool) throws(MappingText.EditError) {
        var edited = text
        if let entry = edited.entry("input"), let line = entry.value {
            // `input: { delimiter: ";", … }` on one line: rewritten with the keys set.
            guard let node = try? Yams.compose(yaml: line, .basic), case let .mapping(mapping) = node else {
                throw MappingText.EditError(description: "the input line cannot be read as a YAML mapping")
            }
            var pairs = mapping.map { ($0.key.string ?? "", FlowYAML.text($0.value)) }
            func set(_ key: String, _ value: String?) {
                if let at = pairs.firstIndex(where: { $0.0 == key }) {
                    if let value { pairs[at].1 = value } else { pairs.remove(at: at) }
                } else if let value {
                    pairs.append((key, value))
                }
            }
            if let sheet { set("sheet", YAMLText.scalar(sheet)) }
            if let headerRow { set("header_row", String(headerRow)) } else if clearsHeaderRow { set("header_row", nil) }
            edited = try edited.setting("input", to: "{ " + pairs.map { "\($0.0): \($0.1)" }.joined(separator: ", ") + " }")
        } else {
            if let sheet { edited = try edited.setting("input.sheet", to: YAMLText.scalar(sheet)) }
            if let headerRow { edited = try edited.setting("input.header_row", to: String(headerRow)) } else if clearsHeaderRow {
                edited = try edited.setting("input.header_row", to: nil)
            }
        }
        apply(edited)
    }

    /// `setInput` with the settings as they stand: the export is read again.
    package func setInputOrReadAgain(sheet: String?, headerRow: Int?, clearsHeaderRow: Bool) throws(ConvertError) {
        let before = text
        do {
            try setInput(sheet: sheet, headerRow: headerRow, clearsHeaderRow: clearsHeaderRow)
        } catch {
            throw .usage(error.description)
        }
        if text == before { try readAgain() }
    }


    // MARK: Fixed rows

    /// Writes rows fixed in the page as a fed-back rejects report: UTF-8 with a byte order mark,
    /// the export's delimiter, its columns then `RejectsColumns.names`, each row with its own row
    /// and line numbers and the export it came from, so `convert --add` reads it as `rejects.csv`.
    package func saveFixed(_ fixed: [(row: Int, cells: [String])]) throws(ConvertError) -> Int {
        let kept = loaded.rawHeader.count - loaded.reportColumns
        let byNumber = Dictionary(loaded.rows.enumerated().map { ($1.number, $0) }, uniquingKeysWith: { first, _ in first })
        var out: [UInt8] = [0xEF, 0xBB, 0xBF]
        CSVWriter.appendRecord(Array(loaded.rawHeader.prefix(kept)) + RejectsColumns.names, delimiter: loaded.rejectsDelimiter,
                               neutralizeFormulas: true, to: &out)
        for (number, cells) in fixed {
            guard let index = byNumber[number] else { throw .usage("row \(number) is not a data row of the export") }
            guard cells.count == kept else { throw .usage("row \(number) has \(cells.count) cells; the export has \(kept) columns") }
            let row = loaded.rows[index]
            let carried = loaded.reportColumns > 0 && row.cells.count > kept ? RejectsColumns.carried(row.cells[kept...]) : nil
            let source = carried?.source ?? SourceRow(sha256: inspection.sha256, row: row.number, line: row.line)
            let errors = errors(ofRow: index)
            CSVWriter.appendRecord(cells + [String(row.number), String(row.line), errors, "", "", String(source.row), String(source.line), source.sha256, ""],
                                   delimiter: loaded.rejectsDelimiter, neutralizeFormulas: true, to: &out)
        }
        do {
            _ = try AtomicFile.write(out, to: options.fixedPath)
        } catch {
            throw .output(error)
        }
        return fixed.count
    }
}

/// YAML values written back on one line, as a person writes a mapping's flow lines.
enum FlowYAML {
    static func text(_ node: Node) -> String {
        switch node {
        case let .scalar(scalar): YAMLText.scalar(scalar.string)
        case let .mapping(mapping): "{ " + mapping.map { "\(YAMLText.scalar($0.key.string ?? "")): \(text($0.value))" }.joined(separator: ", ") + " }"
        case let .sequence(sequence): "[" + sequence.map(text).joined(separator: ", ") + "]"
        case let .alias(alias): "*" + alias.anchor.rawValue
        }
    }
}
