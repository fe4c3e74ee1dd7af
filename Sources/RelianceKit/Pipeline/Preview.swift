import Foundation

/// One row of an export as `convert` would make it, for a person checking a mapping: its
/// `main.json` or its errors. Nothing is written anywhere.
public struct Preview: Sendable {
    public let row: Int
    public let line: Int
    /// `main.json`, indented, when the row converts.
    public let mainJSON: String?
    /// Every error and warning of the row, as `rejects.csv` writes them.
    public let findings: [String]

    public var isRejected: Bool { mainJSON == nil }

    /// Reads `options.inputPath` up to the row numbered `row` (as `_row` in `rejects.csv`: a record
    /// number, the header being row 1 of a bare export) and runs the whole pipeline on it,
    /// attachments checked and no ZIP built. A row that is not a data row is a usage error naming
    /// the first and last data rows, which takes reading the input to its end.
    public static func make(_ options: ConvertOptions, row wanted: Int) throws(ConvertError) -> Preview {
        let context = try RunContext(options)
        let opened = context.bound.opened
        let pipeline = context.pipeline()
        // The data rows seen, for the message when `wanted` is none of them: a person who counted
        // lines, or asked for the header, learns where the data rows are and how they are numbered.
        var first: (number: Int, line: Int)?
        var last: (number: Int, line: Int)?
        while let row = try opened.source.next() {
            if first == nil { first = (row.number, row.line) }
            last = (row.number, row.line)
            guard row.number == wanted else { continue }
            return try make(row, pipeline: pipeline)
        }
        guard let first, let last else { throw .usage("--row \(wanted): the input has no data rows, only a header") }
        let lines = first.line == first.number && last.line == last.number ? ""
            : ": records, not lines; they start on lines \(first.line) to \(last.line)"
        throw .usage("--row \(wanted): row \(wanted) is not a data row: data rows are \(first.number) to \(last.number) "
            + "(numbered as _row in rejects.csv\(lines))")
    }

    /// One row through `pipeline`, as `preview` shows it (the studio shows rows through this too).
    static func make(_ row: InputRow, pipeline: RowPipeline) throws(ConvertError) -> Preview {
        if !row.problems.isEmpty {
            return Preview(row: row.number, line: row.line, mainJSON: nil, findings: row.problems.map(\.description))
        }
        let outcome = pipeline.process(row.cells, notes: .all)
        if let fault = outcome.fault { throw .fault(fault.description) }
        let notes = Dictionary(outcome.findings.filter { $0.severity == .note }.map { ($0.field, $0.message) }, uniquingKeysWith: { first, _ in first })
        let shown = outcome.findings.filter { $0.severity != .note }.map { finding in
            let text = notes[finding.field].map { "\(finding) (\($0))" } ?? finding.description
            return finding.severity == .warning ? "warning: " + text : text
        }
        let json = outcome.isRejected ? nil : String(decoding: JSONWriter.mainJSON(outcome.customer, indented: true), as: UTF8.self)
        return Preview(row: row.number, line: row.line, mainJSON: json, findings: shown)
    }
}
