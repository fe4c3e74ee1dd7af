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
    /// Empty header cells at the header's end, with nothing under them, that were left out.
    public var emptyColumnsIgnored = 0
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
    /// This run's converted rows with warnings: the rows it writes to `warnings.csv` (a run that adds
    /// to the folder also carries earlier runs' lines there); a rejected row's warnings are in `rejects.csv`.
    public var warned = 0
    /// Errors of rejected rows, by code and by field (list positions folded: `bankAccounts[]`).
    public var errorsByCode: [String: Int] = [:]
    public var errorsByField: [String: Int] = [:]
    /// Rejected rows by code and by field: a row counts once per code and once per field, however
    /// many errors of that code or at that field it has. `report.html` draws its bars from these.
    public var rejectedByCode: [String: Int] = [:]
    public var rejectedByField: [String: Int] = [:]
    /// Warnings of this run's converted rows by code (one per line this run writes to
    /// `warnings.csv`), and the converted rows with each code, counted once per row.
    public var warningsByCode: [String: Int] = [:]
    public var warnedByCode: [String: Int] = [:]
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
    /// ZIPs a full run found stale but did not retire, because they were more than `--retire-limit`
    /// allows; 0 when it retired what it found. `retireWithheldReason` says so, and the caller
    /// exits 5 when it is set.
    public var retireWithheld = 0
    /// ZIPs a full run found stale but left for the next full run, because it finished what a
    /// killed run had begun to retire (whose journal no summary listed yet).
    public var retireDeferred = 0
    /// What the withheld retiring is, for the message the caller prints.
    public var retireWithheldReason: String?
    /// What a killed earlier run had begun to retire, finished by this run (its journal).
    public var retiredByKilledRun: (folder: String, names: [String])?

    /// Counts a rejected row's errors, and the row once under each of their codes and fields.
    mutating func countRejected(_ findings: [Finding]) {
        rejected += 1
        let errors = findings.filter { $0.severity == .error }
        let fields = errors.map { Summary.fieldKey($0.field) }
        for (index, error) in errors.enumerated() {
            errorsByCode[error.code.rawValue, default: 0] += 1
            errorsByField[fields[index], default: 0] += 1
            if !errors[..<index].contains(where: { $0.code == error.code }) { rejectedByCode[error.code.rawValue, default: 0] += 1 }
            if !fields[..<index].contains(fields[index]) { rejectedByField[fields[index], default: 0] += 1 }
        }
    }

    /// Counts a converted row's warnings (those `warnings.csv` lists for it), and the row once
    /// under each of their codes.
    /// The caller passes only rows that have warnings.
    mutating func countWarned(_ warnings: [Finding]) {
        warned += 1
        for (index, warning) in warnings.enumerated() {
            warningsByCode[warning.code.rawValue, default: 0] += 1
            if !warnings[..<index].contains(where: { $0.code == warning.code }) { warnedByCode[warning.code.rawValue, default: 0] += 1 }
        }
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
            "emptyColumnsIgnored": \(emptyColumnsIgnored),
            "totalsRows": \(totalsRows)
          },
          "mapping": { "path": \(string(mappingPath)), "sha256": \(string(mappingSHA256)), "version": \(mappingVersion) },
          "asOf": \(string(asOf)),
          "modified": \(string(modified)),
          "counts": { "read": \(read), "converted": \(converted), "rejected": \(rejected), "warned": \(warned) },
          "errorsByCode": \(table(errorsByCode, indent: "  ")),
          "errorsByField": \(table(errorsByField, indent: "  ")),
          "rejectedByCode": \(table(rejectedByCode, indent: "  ")),
          "rejectedByField": \(table(rejectedByField, indent: "  ")),
          "warningsByCode": \(table(warningsByCode, indent: "  ")),
          "warnedByCode": \(table(warnedByCode, indent: "  ")),
          "normalizedByField": \(table(normalizedByField, indent: "  ")),
          "retired": { "count": \(retired.count), "folder": \(retiredFolder.map(string) ?? "null"), "zips": [\(retired.map(string).joined(separator: ", "))], "withheld": \(retireWithheld), "deferred": \(retireDeferred), "byKilledRun": \(retiredByKilledRun.map { "{ \"folder\": \(string($0.folder)), \"zips\": [\($0.names.map(string).joined(separator: ", "))] }" } ?? "null") },
          "durationSeconds": \(duration)
        }

        """
    }
}

/// The tool's version, written into summaries.
package enum ToolVersion {
    package static let current = "0.1.0"
}
