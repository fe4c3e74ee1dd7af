/// Collects what `report.html` shows while rows stream past, in bounded memory: counts, the
/// most common raw values behind each error, and the first rows each error rejected.
struct RejectsReport {
    struct Example {
        let row: Int
        let line: Int
        let field: String
        let raw: String
        let message: String
    }

    static let examplesPerCode = 5
    static let distinctValuesPerCode = 500

    private(set) var rawValues: [FindingCode: [String: Int]] = [:]
    private(set) var otherValues: [FindingCode: Int] = [:]
    private(set) var examples: [FindingCode: [Example]] = [:]
    /// The first converted rows each warning code was found on, with their keys.
    private(set) var warningExamples: [FindingCode: [(key: String, example: Example)]] = [:]

    mutating func addWarnings(_ warnings: some Sequence<Finding>, key: String, row: Int, line: Int) {
        for warning in warnings where (warningExamples[warning.code]?.count ?? 0) < RejectsReport.examplesPerCode {
            let example = Example(row: row, line: line, field: warning.field, raw: warning.raw ?? "", message: warning.message)
            warningExamples[warning.code, default: []].append((key, example))
        }
    }

    mutating func add(_ findings: [Finding], row: Int, line: Int) {
        // A rule that checks a normalized value (too-young on a birth date) reports the cell as read.
        var cells: [String: String] = [:]
        for note in findings where note.severity == .note { cells[note.field] = note.raw }
        for finding in findings where finding.severity == .error {
            let raw = cells[finding.field] ?? finding.raw ?? ""
            if !raw.isEmpty {
                if rawValues[finding.code]?[raw] != nil || (rawValues[finding.code]?.count ?? 0) < RejectsReport.distinctValuesPerCode {
                    rawValues[finding.code, default: [:]][raw, default: 0] += 1
                } else {
                    otherValues[finding.code, default: 0] += 1
                }
            }
            if (examples[finding.code]?.count ?? 0) < RejectsReport.examplesPerCode {
                examples[finding.code, default: []].append(Example(row: row, line: line, field: finding.field, raw: raw, message: finding.message))
            }
        }
    }

    /// The page: totals, bar charts by code and by field, top raw values and first rows per code.
    func html(summary: Summary) -> String {
        var page = """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><title>reliance-convert rejects report</title>
        <style>
        body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:2rem auto;max-width:1100px;color:#1d2433;padding:0 1rem}
        h1{font-size:1.6rem;margin-bottom:.2rem} h2{margin-top:2rem;border-bottom:2px solid #e3e7ef;padding-bottom:.3rem}
        .meta{color:#5b6478} .totals{display:flex;gap:1rem;margin:1.2rem 0}
        .card{flex:1;border-radius:10px;padding:1rem;background:#f4f6fa} .card b{display:block;font-size:1.8rem}
        .ok b{color:#1b7f3b} .bad b{color:#b3261e} .warn b{color:#9a6700}
        table{border-collapse:collapse;width:100%;margin:.5rem 0 1rem} th,td{text-align:left;padding:.35rem .5rem;border-bottom:1px solid #e3e7ef;vertical-align:top}
        th{background:#f4f6fa} code{background:#f4f6fa;padding:0 .25rem;border-radius:4px} .raw{font-family:ui-monospace,monospace;white-space:pre-wrap}
        .code{font-weight:600;color:#b3261e} .code.warn{color:#9a6700}
        </style></head><body>
        <h1>Rejects report</h1>
        <p class="meta">Input <code>\(escape(summary.inputPath))</code> · mapping <code>\(escape(summary.mappingPath))</code> · as of \(escape(summary.asOf)) · \(escape(summary.encoding))\(summary.rowsAboveHeader > 0 ? " · header on row \(summary.headerRow), \(summary.rowsAboveHeader) rows above it skipped" : "")\(summary.totalsRows > 0 ? " · \(summary.totalsRows) Excel table totals row\(summary.totalsRows == 1 ? "" : "s") skipped" : "")</p>
        <div class="totals">
        <div class="card"><b>\(summary.read)</b>rows read</div>
        <div class="card ok"><b>\(summary.converted)</b>\(summary.validateOnly ? "valid" : "converted")</div>
        <div class="card bad"><b>\(summary.rejected)</b>rejected</div>
        <div class="card warn"><b>\(summary.warned)</b>\(summary.warned > 0 ? "<a href=\"#warnings\">with warnings</a>" : "with warnings")</div>
        </div>

        """
        if summary.rejected == 0 {
            page += "<p>No row was rejected.</p>\n"
        } else {
            page += "<h2>Errors by code</h2>\n" + barChart(summary.errorsByCode, label: { "\($0) — \(FindingCode(rawValue: $0)?.meaning ?? "")" })
            page += "<h2>Errors by field</h2>\n" + barChart(summary.errorsByField, label: { $0 })
            page += "<h2>Most common values behind each error</h2>\n"
            page += "<p class=\"meta\">One alias or map entry in the mapping often fixes every row behind a value.</p>\n"
            for code in rawValues.keys.sorted() {
                let top = (rawValues[code] ?? [:]).sorted { ($0.value, $1.key) > ($1.value, $0.key) }.prefix(10)
                page += "<h3><span class=\"code\">\(escape(code.rawValue))</span></h3>\n<table><tr><th>value</th><th>rows</th></tr>\n"
                for (value, count) in top { page += "<tr><td class=\"raw\">\(escape(value))</td><td>\(count)</td></tr>\n" }
                if let other = otherValues[code] { page += "<tr><td><i>other values</i></td><td>\(other)</td></tr>\n" }
                page += "</table>\n"
            }
            page += "<h2>First rejected rows per error</h2>\n"
            for code in examples.keys.sorted() {
                page += "<h3><span class=\"code\">\(escape(code.rawValue))</span></h3>\n<table><tr><th>row</th><th>line</th><th>field</th><th>value</th><th>message</th></tr>\n"
                for example in examples[code] ?? [] {
                    page += "<tr><td>\(example.row)</td><td>\(example.line)</td><td><code>\(escape(example.field))</code></td>"
                        + "<td class=\"raw\">\(escape(example.raw))</td><td>\(escape(example.message))</td></tr>\n"
                }
                page += "</table>\n"
            }
        }
        if summary.warned > 0 {
            page += "<h2 id=\"warnings\">Warnings</h2>\n"
            page += "<p>\(summary.warned) converted rows carry warnings (they were converted all the same). "
                + "<a href=\"\(WarningsWriter.name)\">\(WarningsWriter.name)</a> lists every one with its customer key and row.</p>\n"
            page += barChart(summary.warningsByCode, label: { "\($0) — \(FindingCode(rawValue: $0)?.meaning ?? "")" })
            for code in warningExamples.keys.sorted() {
                page += "<h3><span class=\"code warn\">\(escape(code.rawValue))</span> · \(summary.warningsByCode[code.rawValue] ?? 0) "
                    + "in <a href=\"\(WarningsWriter.name)\">\(WarningsWriter.name)</a></h3>\n"
                    + "<table><tr><th>key</th><th>row</th><th>line</th><th>field</th><th>message</th></tr>\n"
                for (key, example) in warningExamples[code] ?? [] {
                    page += "<tr><td><code>\(escape(key))</code></td><td>\(example.row)</td><td>\(example.line)</td>"
                        + "<td><code>\(escape(example.field))</code></td><td>\(escape(example.message))</td></tr>\n"
                }
                page += "</table>\n"
            }
        }
        if !summary.retired.isEmpty {
            page += "<h2>Retired</h2>\n<p>\(summary.retired.count) ZIPs of earlier runs were no longer current (their rows were rejected or "
                + "are no longer in the export) and were moved to <code>\(escape(summary.retiredFolder ?? ""))</code>; summary.json lists them.</p>\n"
        }
        page += "<p class=\"meta\">Fix the rows in rejects.csv and feed it back with the same mapping.</p>\n</body></html>\n"
        return page
    }

    /// A horizontal bar chart as inline SVG, largest first.
    private func barChart(_ counts: [String: Int], label: (String) -> String) -> String {
        let rows = counts.sorted { ($0.value, $1.key) > ($1.value, $0.key) }
        guard let largest = rows.first?.value, largest > 0 else { return "" }
        let rowHeight = 26
        let labelWidth = 430
        let barWidth = 520
        var svg = "<svg role=\"img\" width=\"\(labelWidth + barWidth + 60)\" height=\(quotedNumber(rows.count * rowHeight + 8)) "
            + "xmlns=\"http://www.w3.org/2000/svg\" font-family=\"system-ui,sans-serif\" font-size=\"13\">\n"
        for (index, row) in rows.enumerated() {
            let y = index * rowHeight + 4
            let width = max(2, barWidth * row.value / largest)
            let text = label(row.key)
            let shown = text.count > 62 ? String(text.prefix(60)) + "…" : text
            svg += "<text x=\"0\" y=\"\(y + 16)\">\(escape(shown))</text>"
                + "<rect x=\"\(labelWidth)\" y=\"\(y + 3)\" width=\"\(width)\" height=\"18\" rx=\"3\" fill=\"#c9453d\"/>"
                + "<text x=\"\(labelWidth + width + 6)\" y=\"\(y + 16)\">\(row.value)</text>\n"
        }
        return svg + "</svg>\n"
    }

    private func quotedNumber(_ value: Int) -> String { "\"\(value)\"" }
}

/// Escapes text for HTML content and attribute values.
func escape(_ text: String) -> String {
    var out = ""
    out.reserveCapacity(text.count)
    for char in text {
        switch char {
        case "&": out += "&amp;"
        case "<": out += "&lt;"
        case ">": out += "&gt;"
        case "\"": out += "&quot;"
        case "'": out += "&#39;"
        default: out.append(char)
        }
    }
    return out
}
