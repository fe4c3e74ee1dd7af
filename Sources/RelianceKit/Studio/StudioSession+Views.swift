import Foundation

extension StudioSession {
    package func sessionView() -> StudioViews.Session {
        let isWorkbook = loaded.encoding == "xlsx"
        let input = StudioViews.Session.Input(
            path: options.inputPath, name: (options.inputPath as NSString).lastPathComponent, format: isWorkbook ? "xlsx" : "csv",
            encoding: loaded.encoding, delimiter: loaded.delimiter.map { String(UnicodeScalar($0)) },
            sheets: loaded.scaffold?.sheets ?? [], sheet: loaded.sheet, headerRow: loaded.headerLine,
            rows: loaded.rows.count, columns: loaded.header.count)
        let mapping = StudioViews.Session.MappingState(
            path: options.mappingPath, exists: savedText != nil, text: text.text, dirty: isDirty,
            canUndo: canUndo, canRedo: canRedo, edits: edits, errors: errors)
        return StudioViews.Session(input: input, mapping: mapping, fixed: .init(path: options.fixedPath))
    }

    /// The rows grouped by field and code, as `validate` counts them, and what the last edit changed.
    package func rejectsView() -> StudioViews.Rejects {
        if let cached = rejectsCache, cached.evaluation == evaluations { return cached.view }
        let view = groupRejects()
        rejectsCache = (evaluations, view)
        return view
    }

    private func groupRejects() -> StudioViews.Rejects {
        guard let evaluation else { return StudioViews.Rejects(rows: loaded.rows.count, converted: 0, rejected: 0, warned: 0, groups: [], change: nil) }
        struct Key: Hashable {
            let field: String
            let code: String
            let severity: String
        }
        var counts: [Key: (rows: Int, examples: [String])] = [:]
        var order: [Key] = []
        var warned = 0
        for (findings, rejected) in zip(evaluation.findings, evaluation.rejected) {
            var seen = Set<Key>()
            if !rejected, findings.contains(where: { $0.severity == .warning }) { warned += 1 }
            for finding in findings where finding.severity != .note {
                // A converted row's warnings are counted; a rejected row's errors (its warnings are in rejects.csv's last column).
                guard rejected ? finding.severity == .error : finding.severity == .warning else { continue }
                let key = Key(field: finding.field, code: finding.code.rawValue, severity: finding.severity.rawValue)
                guard seen.insert(key).inserted else { continue }
                if counts[key] == nil { order.append(key) }
                var entry = counts[key] ?? (0, [])
                entry.rows += 1
                if entry.examples.count < 3, let raw = finding.raw.map(StudioSession.shown), !entry.examples.contains(raw) { entry.examples.append(raw) }
                counts[key] = entry
            }
        }
        let groups = order.map { key in
            StudioViews.Group(field: key.field, code: key.code, severity: key.severity, count: counts[key]?.rows ?? 0, examples: counts[key]?.examples ?? [])
        }.sorted { ($0.severity == "error" ? 0 : 1, -$0.count) < ($1.severity == "error" ? 0 : 1, -$1.count) }
        var change: StudioViews.Change?
        if let previous, previous.rejected.count == evaluation.rejected.count {
            var newlyRejected = 0
            var newlyConverted = 0
            for (before, now) in zip(previous.rejected, evaluation.rejected) where before != now {
                if now { newlyRejected += 1 } else { newlyConverted += 1 }
            }
            change = StudioViews.Change(converted: newlyConverted - newlyRejected, newlyRejected: newlyRejected, newlyConverted: newlyConverted)
        }
        let rejected = evaluation.rejectedCount
        return StudioViews.Rejects(rows: loaded.rows.count, converted: loaded.rows.count - rejected, rejected: rejected, warned: warned,
                                   groups: groups, change: change)
    }

    /// One row as `preview --row N` prints it, and how it differs from before the last edit.
    package func rowView(_ number: Int) throws(ConvertError) -> StudioViews.Row {
        guard let index = loaded.rows.firstIndex(where: { $0.number == number }), let first = loaded.rows.first, let last = loaded.rows.last else {
            let range = loaded.rows.first.map { "data rows are \($0.number) to \(loaded.rows.last?.number ?? $0.number)" } ?? "the export has no data rows"
            throw .usage("row \(number) is not a data row: \(range)")
        }
        guard let evaluation else { throw .usage("the mapping cannot be used yet: \(errors.first ?? "")") }
        let row = loaded.rows[index]
        let shown = try Preview.make(row, pipeline: evaluation.rowPipeline)
        var diff: [StudioViews.DiffLine]?
        if let previous {
            let before = StudioSession.printed(try Preview.make(row, pipeline: previous.rowPipeline))
            diff = LineDiff.lines(before.components(separatedBy: "\n"), StudioSession.printed(shown).components(separatedBy: "\n"))
                .map { StudioViews.DiffLine(op: $0.op, text: $0.text) }
        }
        return StudioViews.Row(row: shown.row, line: shown.line, first: first.number, last: last.number,
                               mainJSON: shown.mainJSON, findings: shown.findings, diff: diff)
    }

    /// What `preview` prints on standard output for the row: its `main.json`, or its findings.
    static func printed(_ preview: Preview) -> String {
        preview.mainJSON ?? preview.findings.map { $0 + "\n" }.joined()
    }

    /// The rejected rows with their cells as read, for the grid.
    package func rejectedView(offset: Int, limit: Int) -> StudioViews.RejectedRows {
        let header = Array(loaded.rawHeader.prefix(loaded.rawHeader.count - loaded.reportColumns))
        guard let evaluation else { return StudioViews.RejectedRows(header: header, total: 0, rows: []) }
        let indices = evaluation.rejected.indices.filter { evaluation.rejected[$0] }
        let rows = indices.dropFirst(max(0, offset)).prefix(max(0, min(limit, 1000))).map { index in
            let row = loaded.rows[index]
            var cells = Array(row.cells.prefix(header.count))
            while cells.count < header.count { cells.append("") }
            return StudioViews.RejectedRow(row: row.number, line: row.line, cells: cells, errors: errors(ofRow: index))
        }
        return StudioViews.RejectedRows(header: header, total: indices.count, rows: rows)
    }

    /// A row's errors as `validate`'s `rejects.csv` writes them in `_errors`, with the notes that
    /// explain them: the row is read again with its notes (rows are counted without them).
    func errors(ofRow index: Int) -> String {
        guard let evaluation else { return "" }
        let row = loaded.rows[index]
        guard row.problems.isEmpty else { return RejectsWriter.errors(evaluation.findings[index]) }
        let notes = evaluation.notesPipeline.process(row.cells, notes: .all).findings.filter { $0.severity == .note }
        return RejectsWriter.errors(evaluation.findings[index] + notes)
    }
}
