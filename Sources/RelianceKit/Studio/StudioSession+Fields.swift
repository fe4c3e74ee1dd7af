import Foundation
import Yams

extension StudioSession {
    /// Every payload field with its line in the mapping text.
    package func fieldsView() -> StudioViews.Fields {
        if let cached = fieldsCache, cached.evaluation == evaluations, cached.text == text { return cached.view }
        let view = describeFields()
        fieldsCache = (evaluations, text, view)
        return view
    }

    private func describeFields() -> StudioViews.Fields {
        var rejected: [String: Int] = [:]
        var warned: [String: Int] = [:]
        if let evaluation {
            for (findings, isRejected) in zip(evaluation.findings, evaluation.rejected) {
                var seen = Set<String>()
                for finding in findings where finding.severity != .note {
                    let path = StudioSession.fieldPath(finding.field)
                    guard seen.insert(path + finding.severity.rawValue).inserted else { continue }
                    if finding.severity == .error, isRejected { rejected[path, default: 0] += 1 }
                    if finding.severity == .warning { warned[path, default: 0] += 1 }
                }
            }
        }
        let header = loaded.header
        let fields = RelianceSchema.leaves().map { path, field in
            let plain = path.replacingOccurrences(of: "[]", with: "")
            let inList = path.contains("[]")
            let entry = text.fieldEntry(plain)
            let kind: ValueKind? = switch field.shape {
            case let .value(kind), let .array(kind): kind
            default: nil
            }
            let leaves = evaluation.map { StudioSession.leaves(at: plain, in: $0.mapping) } ?? []
            let columns = Array(Set(leaves.flatMap(StudioSession.columns(of:)))).sorted().compactMap { $0 < header.count ? header[$0] : nil }
            return StudioViews.FieldLine(path: plain, type: kind?.displayName ?? "?", requirement: FieldReference.rule(field.requirement),
                                         line: entry?.value, editable: !inList, columns: columns, values: kind.flatMap(StudioSession.allowed),
                                         rejected: rejected[plain] ?? 0, warned: warned[plain] ?? 0)
        }
        return StudioViews.Fields(fields: fields)
    }

    /// A finding's field as the fields table names it: `person.bankAccounts[1].iban` → `person.bankAccounts.iban`.
    static func fieldPath(_ field: String) -> String {
        Summary.fieldKey(field).replacingOccurrences(of: "[]", with: "")
    }

    /// The codes an enumerated field takes, nil for any other field.
    static func allowed(_ kind: ValueKind) -> [String]? {
        switch kind {
        case .docType, .verificationMethod, .salutation: kind.vocabulary
        case .vendor: ValueKind.builtInVendors
        case .title: ["Dr.", "Prof.", "Prof. Dr."]
        case .booleanString: ["True", "False"]
        case .boolean: ["true", "false"]
        default: nil
        }
    }

    // MARK: Dates

    /// The date spellings ranked by the share of a column's values each reads, with the orders
    /// that both read values flagged.
    package func datesView(column name: String) throws(ConvertError) -> StudioViews.Dates {
        guard let index = loaded.header.firstIndex(of: name) else { throw .usage("no column \"\(name)\" in the export") }
        if let cached = datesCache[index] { return cached }
        let view = rankFormats(index, name)
        datesCache[index] = view
        return view
    }

    private func rankFormats(_ index: Int, _ name: String) -> StudioViews.Dates {
        let counts = columnStats()[index].counts
        let total = counts.reduce(0) { $0 + $1.count }
        let patterns = DateSpellings.dayFirst + DateSpellings.monthFirst + DateSpellings.neutral
        var candidates: [(pattern: DatePattern, read: Int, examples: [String], values: Set<String>)] = []
        for pattern in patterns {
            var read = 0
            var examples: [String] = []
            var values = Set<String>()
            for (value, count) in counts where StudioSession.reads(pattern, value) {
                read += count
                values.insert(value)
                if examples.count < 3 { examples.append(value) }
            }
            if read > 0 { candidates.append((pattern, read, examples, values)) }
        }
        let order = Dictionary(patterns.enumerated().map { ($1.source, $0) }, uniquingKeysWith: min)
        candidates.sort { ($0.read, -(order[$0.pattern.source] ?? 0)) > ($1.read, -(order[$1.pattern.source] ?? 0)) }
        var ambiguous: [StudioViews.Ambiguity] = []
        for day in candidates where DateSpellings.dayFirst.contains(where: { $0.source == day.pattern.source }) {
            let swapped = StudioSession.swapped(day.pattern.source)
            guard let month = candidates.first(where: { $0.pattern.source == swapped }) else { continue }
            let deciding = day.values.symmetricDifference(month.values).sorted().prefix(5)
            ambiguous.append(StudioViews.Ambiguity(formats: [day.pattern.source, month.pattern.source], deciding: Array(deciding)))
        }
        return StudioViews.Dates(column: name, values: total, candidates: candidates.map {
            StudioViews.Candidate(format: $0.pattern.source, read: $0.read, share: total == 0 ? 0 : Double($0.read) / Double(total), examples: $0.examples)
        }, ambiguous: ambiguous)
    }

    /// Whether `pattern` reads `value` as a date that is in the calendar.
    static func reads(_ pattern: DatePattern, _ value: String) -> Bool {
        guard let fields = pattern.match(value) else { return false }
        return CivilDate(year: fields.year, month: fields.month, day: fields.day) != nil
    }

    /// A day-first spelling with day and month swapped (`dd.MM.yyyy` → `MM.dd.yyyy`).
    static func swapped(_ format: String) -> String {
        String(format.map { $0 == "d" ? "M" : $0 == "M" ? "d" : $0 })
    }

    // MARK: Values

    /// The distinct values of an enumerated field's columns, with whether its mapping reads them.
    package func valuesView(path: String) throws(ConvertError) -> StudioViews.Values {
        guard let kind = StudioSession.kind(of: path) else { throw .usage("no field \(path)") }
        guard let evaluation else { throw .usage("the mapping cannot be used yet: \(errors.first ?? "")") }
        let leaves = StudioSession.leaves(at: path, in: evaluation.mapping)
        let normalizer = Normalizer(settings: evaluation.mapping.settings, asOf: evaluation.asOf)
        var counts: [String: Int] = [:]
        var results: [String: (covered: Bool, result: String?)] = [:]
        for leaf in leaves {
            let memo = ValueMemo(kind: kind)
            for row in loaded.rows {
                // The value as the export spells it, before the line's `map`, which is what an alias is added for.
                let raw: String
                if case let .column(_, index) = leaf.source { raw = index < row.cells.count ? row.cells[index] : "" } else { raw = leaf.text(in: row.cells) }
                for value in leaf.split.map({ raw.components(separatedBy: $0) }) ?? [raw] where !value.isBlank {
                    let shown = value.trimmedSpaces
                    counts[shown, default: 0] += 1
                    guard results[shown] == nil else { continue }
                    var findings: [Finding] = []
                    let mapped = leaf.valueMap[shown.lowercased()] ?? value
                    let scalar = normalizer.normalize(mapped, kind: kind, leaf: leaf, memo: memo, path: path, notes: .count, findings: &findings)
                    let covered = !findings.contains { $0.severity != .note }
                    results[shown] = (covered, covered ? scalar?.shown : nil)
                }
            }
        }
        let values = counts.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.map { value, count in
            StudioViews.Value(value: value, count: count, covered: results[value]?.covered ?? false, result: results[value]?.result)
        }
        return StudioViews.Values(path: path, allowed: StudioSession.allowed(kind), values: values)
    }
}
