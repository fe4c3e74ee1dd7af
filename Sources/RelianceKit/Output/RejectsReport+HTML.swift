extension RejectsReport {
    /// The page: totals; for errors and for warnings, bar charts of rows by code (and, for errors,
    /// by field) with the findings beside each bar, the top raw values and the first rows per code.
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
        <p class="meta">Input <code>\(escape(summary.inputPath))</code> · mapping <code>\(escape(summary.mappingPath))</code> · as of \(escape(summary.asOf)) · \(escape(summary.encoding))\(summary.rowsAboveHeader > 0 ? " · header on row \(summary.headerRow), \(summary.rowsAboveHeader) rows above it skipped" : "")\(summary.totalsRows > 0 ? " · \(summary.totalsRows) Excel table totals row\(summary.totalsRows == 1 ? "" : "s") skipped" : "")\(summary.emptyColumnsIgnored > 0 ? " · \(summary.emptyColumnsIgnored) empty header cell\(summary.emptyColumnsIgnored == 1 ? "" : "s") at the end left out" : "")</p>
        <div class="totals">
        <div class="card"><b>\(summary.read)</b>rows read</div>
        <div class="card ok"><b>\(summary.converted)</b>\(summary.validateOnly ? "valid" : "converted")</div>
        <div class="card bad"><b>\(summary.rejected)</b>rejected</div>
        <div class="card warn"><b>\(summary.warned)</b>\(summary.warned > 0 ? "<a href=\"#warnings\">with warnings</a>" : "with warnings")</div>
        </div>

        """
        let meaning = { (code: String) in "\(code) — \(FindingCode(rawValue: code)?.meaning ?? "")" }
        if summary.rejected == 0 {
            page += "<p>No row was rejected.</p>\n"
        } else {
            page += "<h2>Rejected rows by error code</h2>\n"
                + "<p class=\"meta\">A row counts once under each code and each field, however many errors it has there; "
                + "the errors stand beside the bar.</p>\n"
                + barChart(rows: summary.rejectedByCode, findings: summary.errorsByCode, noun: "error", fill: RejectsReport.errorFill, label: meaning)
            page += "<h2>Rejected rows by field</h2>\n"
                + barChart(rows: summary.rejectedByField, findings: summary.errorsByField, noun: "error", fill: RejectsReport.errorFill, label: { $0 })
            page += valueTables(errors, of: "error", codeClass: "code")
            page += "<h2>First rejected rows per error</h2>\n"
            for code in errors.examples.keys.sorted() {
                page += "<h3><span class=\"code\">\(escape(code.rawValue))</span></h3>\n"
                    + examplesTable(errors.examples[code] ?? [], noun: "error", code: code)
            }
        }
        if summary.warned > 0 {
            let list = "<a href=\"\(WarningsWriter.name)\">\(WarningsWriter.name)</a>"
            page += "<h2 id=\"warnings\">Warnings</h2>\n"
            page += "<p>\(summary.warned) converted rows carry warnings (they were converted all the same). \(list) lists every one "
                + "with its customer key and row.\(summary.rejected > 0 ? " A rejected row's warnings are in the <code>_warnings</code> column of rejects.csv." : "")</p>\n"
            page += barChart(rows: summary.warnedByCode, findings: summary.warningsByCode, noun: "warning", fill: RejectsReport.warningFill, label: meaning)
            page += valueTables(warnings, of: "warning", codeClass: "code warn")
            page += "<h2>First converted rows per warning</h2>\n"
            for code in warnings.examples.keys.sorted() {
                page += "<h3><span class=\"code warn\">\(escape(code.rawValue))</span> · \(summary.warningsByCode[code.rawValue] ?? 0) in \(list)</h3>\n"
                    + examplesTable(warnings.examples[code] ?? [], noun: "warning", code: code)
            }
        }
        if !summary.retired.isEmpty {
            page += "<h2>Retired</h2>\n<p>\(summary.retired.count) ZIPs of earlier runs were no longer current (their rows were rejected or "
                + "are no longer in the export) and were moved to <code>\(escape(summary.retiredFolder ?? ""))</code>; summary.json lists them.</p>\n"
        }
        if let reason = summary.retireWithheldReason {
            page += "<h2>Not retired</h2>\n<p>\(escape(reason)). They stay in the folder and out of manifest.csv, so upload sends none of them.</p>\n"
        }
        if summary.retireDeferred > 0 {
            page += "<h2>Not retired</h2>\n<p>\(summary.retireDeferred) ZIPs are no longer current; this run finished what a killed run had begun "
                + "to retire, so they wait for the next full run. They are out of manifest.csv, so upload sends none of them.</p>\n"
        }
        page += "<p class=\"meta\">Fix the rows in rejects.csv and feed it back with the same mapping.</p>\n</body></html>\n"
        return page
    }

    private static let errorFill = "#c9453d"
    private static let warningFill = "#d4a72c"

    /// The ten most common raw values behind each code, in rows, with the hint that one mapping entry often fixes them all.
    private func valueTables(_ tally: FindingTally, of noun: String, codeClass: String) -> String {
        guard !tally.rowsByValue.isEmpty else { return "" }
        var html = "<h2>Most common values behind each \(noun)</h2>\n"
            + "<p class=\"meta\">One alias or map entry in the mapping often fixes every row behind a value.</p>\n"
        for code in tally.rowsByValue.keys.sorted() {
            let top = (tally.rowsByValue[code] ?? [:]).sorted { ($0.value, $1.key) > ($1.value, $0.key) }.prefix(10)
            html += "<h3><span class=\"\(codeClass)\">\(escape(code.rawValue))</span></h3>\n<table><tr><th>value</th><th>rows</th></tr>\n"
            for (value, count) in top { html += "<tr><td class=\"raw\">\(escape(value))</td><td>\(count)</td></tr>\n" }
            if let other = tally.otherValues[code] { html += "<tr><td><i>other values</i></td><td>\(other)</td></tr>\n" }
            html += "</table>\n"
        }
        return html
    }

    /// The first rows of a code, one line each; a converted row's key comes first.
    private func examplesTable(_ examples: [FindingTally.Example], noun: String, code: FindingCode) -> String {
        let keyed = examples.contains { $0.key != nil }
        var html = "<table><tr>\(keyed ? "<th>key</th>" : "")<th>row</th><th>line</th><th>field</th><th>value</th><th>message</th></tr>\n"
        for example in examples {
            let more = example.more > 0 ? " <i>(and \(amount(example.more, "more \(code.rawValue) \(noun)")) in this row)</i>" : ""
            html += "<tr>\(keyed ? "<td><code>\(escape(example.key ?? ""))</code></td>" : "")<td>\(example.row)</td><td>\(example.line)</td>"
                + "<td><code>\(escape(example.field))</code></td><td class=\"raw\">\(escape(example.raw))</td><td>\(escape(example.message))\(more)</td></tr>\n"
        }
        return html + "</table>\n"
    }

    /// A horizontal bar chart as inline SVG of rows, largest first, with the findings in them beside each bar ("23 errors in 1 row").
    private func barChart(rows counts: [String: Int], findings: [String: Int], noun: String, fill: String, label: (String) -> String) -> String {
        let rows = counts.sorted { ($0.value, $1.key) > ($1.value, $0.key) }
        guard let largest = rows.first?.value, largest > 0 else { return "" }
        let rowHeight = 26
        let labelWidth = 430
        let barWidth = 520
        var svg = "<svg role=\"img\" width=\"\(labelWidth + barWidth + 180)\" height=\"\(rows.count * rowHeight + 8)\" "
            + "xmlns=\"http://www.w3.org/2000/svg\" font-family=\"system-ui,sans-serif\" font-size=\"13\">\n"
        for (index, row) in rows.enumerated() {
            let y = index * rowHeight + 4
            let width = max(2, barWidth * row.value / largest)
            let text = label(row.key)
            let shown = text.count > 62 ? String(text.prefix(60)) + "…" : text
            svg += "<text x=\"0\" y=\"\(y + 16)\">\(escape(shown))</text>"
                + "<rect x=\"\(labelWidth)\" y=\"\(y + 3)\" width=\"\(width)\" height=\"18\" rx=\"3\" fill=\"\(fill)\"/>"
                + "<text x=\"\(labelWidth + width + 6)\" y=\"\(y + 16)\">\(amount(findings[row.key] ?? 0, noun)) in \(amount(row.value, "row"))</text>\n"
        }
        return svg + "</svg>\n"
    }
}

/// "1 row", "23 errors".
private func amount(_ count: Int, _ noun: String) -> String {
    "\(count) \(noun)\(count == 1 ? "" : "s")"
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
