import Foundation

/// Writes a complete mapping for an export from its header and first rows (`reliance-convert init`).
///
/// Every payload field appears: matched to a column where the synonym table finds one, as `TODO`
/// where a required field has no column (so `convert` stops until a person decides), or commented
/// out where an optional field has none. Before a line is written, its proposal is tried on the
/// sample rows through the converter's own normalizers (`LineTrial`); a line whose values look
/// wrong for the field, or whose match is uncertain, carries `# check:` and the reason.
public struct MappingScaffold: Sendable {
    /// How one field was filled.
    public struct Decision: Sendable, Equatable {
        public let path: String
        public let column: String?
        public let confidence: Double
        /// Why the line carries `# check`, when it does.
        public var check: String?
    }

    public let yaml: String
    public let decisions: [Decision]
    /// The workbook's sheets and the one read (nil for CSV), and the header's row.
    public var sheets: [String] = []
    public var sheet: String?
    public var headerRow = 1
    /// Required fields left as TODO.
    public var todos: [String] { decisions.filter { $0.column == nil }.map(\.path) }

    /// Matches below this confidence are written with a comment asking for a check.
    static let certain = 0.85

    /// - Parameters:
    ///   - sheet: the sheet of a workbook to read, by name or 1-based position; the first by default.
    ///   - headerRow: the header's row (1-based; a CSV's line); chosen as `convert` chooses it by default.
    public static func make(inputPath: String, sheet: String? = nil, headerRow: Int? = nil, sampleRows: Int = 200) throws(ConvertError) -> MappingScaffold {
        try make(inputPath: inputPath, held: nil, sheet: sheet, headerRow: headerRow, sampleRows: sampleRows)
    }

    /// As `make(inputPath:…)`, reading the file `held` as it was inspected and held open (the studio's).
    static func make(inputPath: String, held: InputDetection.Inspection?, sheet: String?, headerRow: Int?,
                     sampleRows: Int = 200) throws(ConvertError) -> MappingScaffold {
        let sample = try ExportSample.read(inputPath, held: held, sheet: sheet, headerRow: headerRow, limit: sampleRows)
        var writer = ScaffoldWriter(sample: sample)
        writer.write(inputName: (inputPath as NSString).lastPathComponent, namesHeaderRow: headerRow != nil)
        var scaffold = MappingScaffold(yaml: writer.lines.joined(separator: "\n") + "\n", decisions: writer.decisions)
        scaffold.sheets = sample.sheets
        scaffold.sheet = sample.sheet
        scaffold.headerRow = sample.headerRow
        return scaffold
    }
}
