/// What `summary.json` records about a run.
public struct Summary: Sendable {
    public var toolVersion = ToolVersion.current
    public var inputPath = ""
    public var inputSize = 0
    public var inputSHA256 = ""
    public var encoding = "utf-8"
    /// The CSV delimiter; nil for a workbook.
    public var delimiter: UInt8? = 0x2C
    public var sheet: String?
    /// The row the header was found on (1 unless a title block sits above it) and the rows skipped above it.
    public var headerRow = 1
    public var rowsAboveHeader = 0
    /// The totals rows of Excel tables skipped (labels and subtotals, not customers).
    public var totalsRows = 0
    public var mappingPath = ""
    public var mappingSHA256 = ""
    public var mappingVersion = 1
    public var asOf = ""
    public var modified = ""
    public var read = 0
    public var converted = 0
    public var rejected = 0
    public var warned = 0
    public var errorsByCode: [String: Int] = [:]
    public var errorsByField: [String: Int] = [:]
    public var warningsByCode: [String: Int] = [:]
    /// How many values each field had rewritten into canonical form.
    public var normalizedByField: [String: Int] {
        get {
            var folded: [String: Int] = [:]
            for (path, count) in normalizedByPath { folded[Summary.fieldKey(path), default: 0] += count }
            return folded
        }
        set { normalizedByPath = newValue }
    }
    /// The same by the path as found (`…[2].iban`): most rows hold several notes, and folding
    /// the list positions once at the end is cheaper than per note.
    private var normalizedByPath: [String: Int] = [:]
    public var durationSeconds = 0.0
    public var validateOnly = false
    /// Whether the run added to the folder (a fed-back rejects report, or `--add`) rather than
    /// making it hold exactly the export's valid rows.
    public var addsToFolder = false
    /// Where the ZIPs this run retired went (`retired/<time>`), and their names.
    public var retiredFolder: String?
    public var retired: [String] = []

    mutating func count(_ findings: [Finding]) {
        var warnedRow = false
        for finding in findings {
            switch finding.severity {
            case .error:
                errorsByCode[finding.code.rawValue, default: 0] += 1
                errorsByField[Summary.fieldKey(finding.field), default: 0] += 1
            case .warning:
                warningsByCode[finding.code.rawValue, default: 0] += 1
                warnedRow = true
            case .note:
                // Counted where they arise (`countNotes`), whether a row keeps its notes or not.
                break
            }
        }
        if warnedRow { warned += 1 }
    }

    /// Adds `count` values rewritten at `path`.
    mutating func countNotes(_ path: String, _ count: Int) {
        normalizedByPath[path, default: 0] += count
    }

    /// `person.bankAccounts[2].iban` counts as `person.bankAccounts[].iban`.
    static func fieldKey(_ field: String) -> String {
        guard field.utf8.contains(UInt8(ascii: "[")) else { return field }
        var out = ""
        var inIndex = false
        for char in field {
            if char == "[" { inIndex = true; out.append("["); continue }
            if char == "]" { inIndex = false; out.append("]"); continue }
            if !inIndex { out.append(char) }
        }
        return out
    }

    /// The summary as JSON with a fixed key order.
    public func json() -> String {
        let string = JSONWriter.quoted
        func table(_ values: [String: Int], indent: String) -> String {
            guard !values.isEmpty else { return "{}" }
            let rows = values.sorted { $0.key < $1.key }.map { "\(indent)  \(string($0.key)): \($0.value)" }
            return "{\n" + rows.joined(separator: ",\n") + "\n\(indent)}"
        }
        let delimiterJSON = delimiter.map { byte in byte == 0x09 ? "\"\\t\"" : string(String(decoding: [byte], as: UTF8.self)) } ?? "null"
        let duration = (durationSeconds * 1000).rounded() / 1000
        return """
        {
          "tool": { "name": "reliance-convert", "version": \(string(toolVersion)) },
          "mode": \(string(validateOnly ? "validate" : "convert")),
          "run": \(string(addsToFolder ? "adds to the folder" : "full export")),
          "input": {
            "path": \(string(inputPath)),
            "size": \(inputSize),
            "sha256": \(string(inputSHA256)),
            "encoding": \(string(encoding)),
            "delimiter": \(delimiterJSON),
            "sheet": \(sheet.map(string) ?? "null"),
            "headerRow": \(headerRow),
            "rowsAboveHeader": \(rowsAboveHeader),
            "totalsRows": \(totalsRows)
          },
          "mapping": { "path": \(string(mappingPath)), "sha256": \(string(mappingSHA256)), "version": \(mappingVersion) },
          "asOf": \(string(asOf)),
          "modified": \(string(modified)),
          "counts": { "read": \(read), "converted": \(converted), "rejected": \(rejected), "warned": \(warned) },
          "errorsByCode": \(table(errorsByCode, indent: "  ")),
          "errorsByField": \(table(errorsByField, indent: "  ")),
          "warningsByCode": \(table(warningsByCode, indent: "  ")),
          "normalizedByField": \(table(normalizedByField, indent: "  ")),
          "retired": { "count": \(retired.count), "folder": \(retiredFolder.map(string) ?? "null"), "zips": [\(retired.map(string).joined(separator: ", "))] },
          "durationSeconds": \(duration)
        }

        """
    }
}

/// The tool's version, written into summaries.
public enum ToolVersion {
    public static let current = "0.1.0"
}
