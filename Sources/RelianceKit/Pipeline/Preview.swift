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

    /// Reads `options.inputPath` up to the row numbered `row` (as `_row` in `rejects.csv`: the
    /// header is row 1 of a bare export) and runs the whole pipeline on it, attachments checked
    /// and no ZIP built.
    public static func make(_ options: ConvertOptions, row wanted: Int) throws(ConvertError) -> Preview {
        let bound = try InputDetection.bind(options)
        let (opened, mapping) = (bound.opened, bound.mapping)
        let zone = TimeZone(identifier: mapping.settings.timezone) ?? TimeZone(secondsFromGMT: 0) ?? .current
        let now = options.now ?? Converter.wallClock(in: zone)
        let asOf = options.asOf ?? now.date
        let folder = options.attachmentsDirectory ?? mapping.settings.attachments ?? (options.inputPath as NSString).deletingLastPathComponent
        let pipeline = RowPipeline(mapping: mapping, asOf: asOf, now: now, attachmentsFolder: folder.isEmpty ? "." : folder)
        var last = opened.source.headerLine
        while let row = try opened.source.next() {
            last = row.number
            guard row.number >= wanted else { continue }
            guard row.number == wanted else { break }
            if !row.problems.isEmpty {
                return Preview(row: row.number, line: row.line, mainJSON: nil, findings: row.problems.map(\.description))
            }
            let outcome = pipeline.process(row.cells, keepNotes: true)
            if let fault = outcome.fault { throw .fault(fault.description) }
            let notes = Dictionary(outcome.findings.filter { $0.severity == .note }.map { ($0.field, $0.message) }, uniquingKeysWith: { first, _ in first })
            let shown = outcome.findings.filter { $0.severity != .note }.map { finding in
                let text = notes[finding.field].map { "\(finding) (\($0))" } ?? finding.description
                return finding.severity == .warning ? "warning: " + text : text
            }
            let json = outcome.isRejected ? nil : String(decoding: JSONWriter.mainJSON(outcome.customer, indented: true), as: UTF8.self)
            return Preview(row: row.number, line: row.line, mainJSON: json, findings: shown)
        }
        throw .usage("--row \(wanted): the input has no data row \(wanted) (the header is row \(opened.source.headerLine), the last row is \(last))")
    }
}
