extension StudioSession {
    /// Every leaf of a bound mapping by where the row plan puts it: `person.birthDate`,
    /// `person.phonePriv#2` for an array's second column, `person.bankAccounts[1].iban` in a list
    /// item, `id` for the legacy identifier.
    static func leafTable(_ mapping: Mapping) -> [String: Leaf] {
        var table: [String: Leaf] = ["id": mapping.id]
        func walk(_ object: ObjectMapping, _ prefix: String) {
            for (name, node) in object.fields {
                let path = prefix.isEmpty ? name : prefix + "." + name
                switch node {
                case let .leaf(leaf): table[path] = leaf
                case let .leaves(leaves): for (index, leaf) in leaves.enumerated() { table[path + "#\(index + 1)"] = leaf }
                case let .object(child): walk(child, path)
                case let .list(items): for (index, item) in items.enumerated() { walk(item, path + "[\(index + 1)]") }
                }
            }
        }
        walk(mapping.customer, "")
        return table
    }

    /// The rows whose outcome an edit from `old` to `new` can change, by index; nil when every row
    /// must be evaluated again (a line whose value type is not known here).
    ///
    /// A row's outcome is a function of what each of its lines reads: a row for which every line
    /// that changed gives the same value and the same findings as before (its date read by another
    /// format list to the same date, its document type mapped by a longer table to the same code)
    /// comes out as before, rules across fields included, since they see the same values. So only
    /// the rows where a changed line reads differently are evaluated again, and a changed line is
    /// read once per distinct spelling. The settings must be the same (the caller checks).
    func rowsChanged(from old: Mapping, to new: Mapping, normalizer: Normalizer) -> [Int]? {
        let before = StudioSession.leafTable(old)
        let after = StudioSession.leafTable(new)
        var changed: [(path: String, old: Leaf?, new: Leaf?, kind: ValueKind?, readsAlike: Bool)] = []
        for path in Set(before.keys).union(after.keys) {
            let (was, now) = (before[path], after[path])
            if let was, let now, MemoBank.recipe(was) == MemoBank.recipe(now) { continue }
            // Both read a text the same way (formats and split alike): only a text that differs reads otherwise.
            let readsAlike = was.map { ($0.formats, $0.split) } ?? ([], nil) == now.map { ($0.formats, $0.split) } ?? ([], nil)
                && (was == nil) == (now == nil)
            if path == "id" {
                changed.append((path, was, now, nil, readsAlike))
                continue
            }
            guard let kind = StudioSession.kind(of: StudioSession.schemaPath(path)) else { return nil }
            changed.append((path, was, now, kind, readsAlike))
        }
        guard !changed.isEmpty else { return [] }
        // Each changed line's reading of each spelling, worked out once; the leaves stay alive meanwhile.
        var readings: [ReadingKey: Reading] = [:]
        readings.reserveCapacity(4096)
        // Each spelling is read once here, so the normalizer's memo is one that remembers nothing.
        let unremembered = ValueMemo(kind: .attachment)
        var rows: [Int] = []
        for (index, row) in loaded.rows.enumerated() {
            var differs = false
            for line in changed where !differs {
                let was = line.old.map { $0.text(in: row.cells) } ?? ""
                let now = line.new.map { $0.text(in: row.cells) } ?? ""
                guard let kind = line.kind else {
                    differs = was != now
                    continue
                }
                // Another text is taken to read otherwise (re-evaluating a row that did not need it
                // costs time, never a wrong outcome); the same text read the same way is the same.
                if was != now {
                    differs = true
                    continue
                }
                if line.readsAlike { continue }
                differs = StudioSession.reading(was, leaf: line.old, kind: kind, path: line.path, normalizer: normalizer,
                                                 memo: unremembered, cache: &readings)
                    != StudioSession.reading(now, leaf: line.new, kind: kind, path: line.path, normalizer: normalizer,
                                             memo: unremembered, cache: &readings)
            }
            if differs { rows.append(index) }
        }
        return rows
    }

    /// What a line makes of one cell's text: each part's value and findings (nil for an empty cell).
    private static func reading(_ text: String, leaf: Leaf?, kind: ValueKind, path: String, normalizer: Normalizer,
                                memo: ValueMemo, cache readings: inout [ReadingKey: Reading]) -> [Reading]? {
        guard let leaf, !text.isBlank else { return nil }
        let parts = leaf.split.map { text.components(separatedBy: $0) } ?? [text]
        return parts.filter { !$0.isBlank }.map { part in
            let key = ReadingKey(leaf: ObjectIdentifier(leaf), text: part)
            if let known = readings[key] { return known }
            var findings: [Finding] = []
            let value = normalizer.normalize(part, kind: kind, leaf: leaf, memo: memo, path: path, findings: &findings)
            let reading = Reading(value: value, findings: findings)
            readings[key] = reading
            return reading
        }
    }

    /// `person.bankAccounts[1].iban` → `person.bankAccounts.iban`; `person.phonePriv#2` → `person.phonePriv`.
    static func schemaPath(_ path: String) -> String {
        fieldPath(String(path.prefix { $0 != "#" }))
    }

    struct Reading: Equatable {
        let value: Scalar?
        let findings: [Finding]
    }

    struct ReadingKey: Hashable {
        let leaf: ObjectIdentifier
        let text: String
    }
}
