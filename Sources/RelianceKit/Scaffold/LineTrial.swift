/// A proposed leaf tried on the sample rows before its line is written: each row's text through
/// the converter's own `Leaf`, then its `Normalizer`, exactly as `convert` reads it.
struct LineTrial {
    /// One sample row's result: its raw text and the value it became (nil: empty, or not read).
    struct Result {
        let row: Int
        let raw: String
        let value: Scalar?
        /// The row's errors and warnings for this value (notes of a rewrite are not problems).
        let problems: [Finding]
    }

    let results: [Result]

    /// Tries `leaf` (of type `kind`) on `rows` with `normalizer`; with `split`, each part of a cell
    /// is one value, as for an array field.
    init(_ leaf: Leaf, kind: ValueKind, split: String? = nil, rows: [[String]], normalizer: Normalizer) {
        let memo = ValueMemo(kind: kind)
        var results: [Result] = []
        for (index, row) in rows.enumerated() {
            let text = leaf.text(in: row)
            for raw in split.map({ text.components(separatedBy: $0) }) ?? [text] where !raw.isBlank {
                var findings: [Finding] = []
                let value = normalizer.normalize(raw, kind: kind, leaf: leaf, memo: memo, path: "", notes: .count, findings: &findings)
                results.append(Result(row: index, raw: raw, value: value, problems: findings.filter { $0.severity != .note }))
            }
        }
        self.results = results
    }

    /// Tries one column read plainly, or through a value table.
    init(column: Int, name: String, kind: ValueKind, map: [String: String] = [:], formats: [String] = [], split: String? = nil,
         rows: [[String]], normalizer: Normalizer) {
        let leaf = Leaf(source: .column(name: name, index: column), position: SourcePosition(line: 0, column: 0), formats: formats,
                        valueMap: Dictionary(map.map { ($0.key.trimmedSpaces.lowercased(), $0.value) }, uniquingKeysWith: { first, _ in first }))
        self.init(leaf, kind: kind, split: split, rows: rows, normalizer: normalizer)
    }

    /// The values that gave an error or a warning, the commonest first, each with its count.
    var problemValues: [(raw: String, count: Int)] {
        var counts: [String: Int] = [:]
        var order: [String] = []
        for result in results where !result.problems.isEmpty {
            let raw = result.raw.trimmedSpaces
            if counts[raw] == nil { order.append(raw) }
            counts[raw, default: 0] += 1
        }
        return order.map { ($0, counts[$0] ?? 0) }.sorted { $0.count > $1.count }
    }

    /// Why the line needs a look, when some sample values are not read cleanly: how many, which,
    /// and the first message (`"eSignatur (QES)" is not one of VIDEO, QES, BANK`).
    var problemSummary: String? {
        let bad = results.filter { !$0.problems.isEmpty }
        guard let first = bad.first?.problems.first else { return nil }
        let values = problemValues
        let listed = values.prefix(4).map { "\(YAMLText.shown($0.raw)) (\($0.count))" }.joined(separator: ", ")
            + (values.count > 4 ? ", …" : "")
        let what = first.severity == .error ? "rejected" : "warned"
        return "\(bad.count) of \(results.count) sample values \(what): \(listed); \(first.code.rawValue)"
    }
}
