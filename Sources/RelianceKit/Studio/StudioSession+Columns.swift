import Foundation
import Yams

extension StudioSession {
    /// One column's values counted once per load.
    struct ColumnStats {
        let filled: Int
        /// Distinct trimmed values with their counts, the commonest first.
        let counts: [(value: String, count: Int)]
    }

    func columnStats() -> [ColumnStats] {
        if let cached = statsCache { return cached }
        let stats = loaded.header.indices.map { index in
            var counts: [String: Int] = [:]
            var filled = 0
            for row in loaded.rows where index < row.cells.count {
                let value = row.cells[index].trimmedSpaces
                guard !value.isEmpty else { continue }
                filled += 1
                counts[value, default: 0] += 1
            }
            return ColumnStats(filled: filled, counts: counts.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.map { ($0.key, $0.value) })
        }
        statsCache = stats
        return stats
    }

    package func columnsView() -> StudioViews.Columns {
        let readers = evaluation.map { StudioSession.readers(of: $0.mapping) } ?? [:]
        // Kinds, formats and proposals depend on the rows and the settings only: kept until either changes.
        let key = settingsText
        if columnsCache?.key != key { columnsCache = (key, describeColumns()) }
        var columns = columnsCache?.columns ?? []
        for index in columns.indices { columns[index].mappedTo = readers[index] ?? [] }
        return StudioViews.Columns(columns: columns)
    }

    /// Every column's values, kind, date formats and proposals, without what the mapping reads.
    private func describeColumns() -> [StudioViews.Column] {
        let stats = columnStats()
        let settings = evaluation?.mapping.settings ?? Settings()
        var decisions: [String: [MappingScaffold.Decision]] = [:]
        for decision in loaded.scaffold?.decisions ?? [] {
            if let column = decision.column { decisions[column, default: []].append(decision) }
        }
        let proposed = loaded.scaffold.map { MappingText($0.yaml) }
        let rows = loaded.rows.prefix(200).map(\.cells)
        let normalizer = Normalizer(settings: settings, asOf: evaluation?.asOf ?? Converter.wallClock(in: .current).date)
        let columns = loaded.header.enumerated().map { index, name in
            let stat = stats[index]
            let total = loaded.rows.count
            let values = stat.counts.prefix(2000).map(\.value)
            let guess = DateFormatGuess.guess(for: values, order: settings.dateOrder)
            let isDate = !values.isEmpty && values.allSatisfy { value in
                DateFields.iso(value) != nil || guess.formats.contains { DatePattern($0)?.match(value) != nil }
            }
            let kind = stat.filled == 0 ? "empty" : isDate ? "date"
                : values.allSatisfy({ Double($0.replacingOccurrences(of: ",", with: ".")) != nil }) ? "number" : "text"
            let proposals = (decisions[name] ?? []).map { decision in
                let line = proposed.flatMap { $0.fieldEntry(decision.path)?.value }
                let samples = StudioSession.trial(line, path: decision.path, header: loaded.header, rows: rows, normalizer: normalizer)
                let why = decision.confidence >= 1 ? "exact" : decision.confidence >= MappingScaffold.certain ? "synonym" : "similar"
                return StudioViews.Proposal(path: decision.path, why: why, confidence: decision.confidence, line: line,
                                            check: decision.check, samples: samples)
            }
            return StudioViews.Column(index: index, name: name, filled: stat.filled, empty: total - stat.filled,
                                      emptyShare: total == 0 ? 0 : Double(total - stat.filled) / Double(total),
                                      top: stat.counts.prefix(5).map { StudioViews.Count(value: StudioSession.shown($0.value), count: $0.count) },
                                      kind: kind, formats: kind == "date" ? guess.formats : [], mappedTo: [],
                                      proposal: proposals.first, proposals: proposals)
        }
        return columns
    }

    /// Up to five sample values of a proposed line, each with what the converter's reader and
    /// normalizer make of it.
    static func trial(_ line: String?, path: String, header: [String], rows: [[String]], normalizer: Normalizer) -> [StudioViews.Sample] {
        guard let line, let kind = kind(of: path), var node = try? Yams.compose(yaml: line, .basic) else { return [] }
        // A list item's line (`{ iban: IBAN, bic: BIC }`) holds the field under its own name.
        if case let .mapping(item) = node, let name = path.split(separator: ".").last, let own = item[String(name)] { node = own }
        var reader = MappingReader(file: "", header: header)
        guard let leaf = reader.readLeaf(node, path: path) else { return [] }
        let tried = LineTrial(leaf, kind: kind, split: leaf.split, rows: rows, normalizer: normalizer)
        return tried.results.prefix(5).map { result in
            StudioViews.Sample(value: StudioSession.shown(result.raw),
                               result: result.problems.contains { $0.severity == .error } ? nil : result.value?.shown.map(StudioSession.shown),
                               finding: result.problems.first?.code.rawValue)
        }
    }

    /// A value as the page shows it where it is only read: at most 300 characters. A cell of a
    /// hundred thousand characters laid out in a table stops a browser for minutes.
    static func shown(_ value: String) -> String {
        value.count > 300 ? String(value.prefix(300)) + "…" : value
    }

    /// The value type of a payload path as `init` names it (`person.birthDate`, `events.date`).
    static func kind(of path: String) -> ValueKind? {
        let field = schemaFields[path]
        switch field?.shape {
        case let .value(kind), let .array(kind): return kind
        default: return nil
        }
    }

    /// The schema's leaves by path without list brackets (`person.bankAccounts.iban`).
    static let schemaFields: [String: Field] = Dictionary(RelianceSchema.leaves().map { ($0.path.replacingOccurrences(of: "[]", with: ""), $0.field) },
                                                          uniquingKeysWith: { first, _ in first })

    /// For each column index, the payload paths whose mapping reads it.
    static func readers(of mapping: Mapping) -> [Int: [String]] {
        var readers: [Int: [String]] = [:]
        func note(_ leaf: Leaf, _ path: String) {
            for index in columns(of: leaf) where readers[index]?.contains(path) != true { readers[index, default: []].append(path) }
        }
        func walk(_ object: ObjectMapping, _ prefix: String) {
            for (name, node) in object.fields.sorted(by: { $0.key < $1.key }) {
                let path = prefix.isEmpty ? name : prefix + "." + name
                switch node {
                case let .leaf(leaf): note(leaf, path)
                case let .leaves(leaves): leaves.forEach { note($0, path) }
                case let .object(child): walk(child, path)
                case let .list(items): items.forEach { walk($0, path) }
                }
            }
        }
        walk(mapping.customer, "")
        note(mapping.id, "id")
        return readers
    }

    static func columns(of leaf: Leaf) -> [Int] {
        switch leaf.source {
        case let .column(_, index): [index]
        case let .columns(columns, _), let .uuid5(columns): columns.map(\.index)
        case let .template(parts): parts.compactMap { if case let .column(_, index) = $0 { index } else { nil } }
        case .constant: []
        }
    }

    /// The leaves of `path` (`person.idDocument.docType`) in the bound mapping.
    static func leaves(at path: String, in mapping: Mapping) -> [Leaf] {
        var objects = [mapping.customer]
        let names = path.split(separator: ".").map(String.init)
        for (depth, name) in names.enumerated() {
            let nodes = objects.compactMap { $0.fields[name] }
            if depth == names.count - 1 {
                return nodes.flatMap { node -> [Leaf] in
                    switch node {
                    case let .leaf(leaf): [leaf]
                    case let .leaves(leaves): leaves
                    default: []
                    }
                }
            }
            objects = nodes.flatMap { node -> [ObjectMapping] in
                switch node {
                case let .object(child): [child]
                case let .list(items): items
                default: []
                }
            }
        }
        return []
    }
}
