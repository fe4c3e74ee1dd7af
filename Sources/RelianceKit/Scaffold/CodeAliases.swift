/// Proposes what codes mean when a salutation or yes/no column holds codes the normalizers do not
/// read (`1`/`2`, `0001`/`0002`, `kein Treffer`). Every proposal is written with `# check`: a
/// code's meaning is the exporting system's, and the sample can only suggest it.
enum CodeAliases {
    /// Salutation codes: read from another column of the same rows that says Herr or Frau (a letter
    /// salutation such as `Sehr geehrte Frau Muster`), else the usual numbering (1 Herr, 2 Frau;
    /// SAP's form-of-address keys 0001 Frau, 0002 Herr).
    static func salutations(codes: [String], column: Int, sample: ExportSample) -> (table: [(String, String)], reason: String)? {
        let unread = orderedUnique(codes.filter { Salutations.canonical($0, aliases: [:]) == nil })
        guard !unread.isEmpty else { return nil }
        if let (table, source) = fromOtherColumn(unread, column: column, sample: sample) {
            return (table, "codes read from the column \(YAMLText.shown(source)), which says Herr or Frau in the same rows")
        }
        let usual: [String: String] = ["1": "Herr", "2": "Frau", "01": "Herr", "02": "Frau", "0001": "Frau", "0002": "Herr"]
        let table = unread.compactMap { code in usual[code].map { (code, $0) } }
        guard !table.isEmpty else { return nil }
        let sap = table.contains { $0.0.count == 4 }
        return (table, sap ? "SAP's form-of-address keys assumed (0001 Frau, 0002 Herr)" : "the usual numbering assumed (1 Herr, 2 Frau)")
    }

    /// The salutation each code stands with in another column, when every code stands with one only.
    private static func fromOtherColumn(_ codes: [String], column: Int, sample: ExportSample) -> ([(String, String)], String)? {
        for other in sample.columns where other.index != column {
            var seen: [String: Set<String>] = [:]
            for row in sample.rows where column < row.count && other.index < row.count {
                let code = row[column].trimmedSpaces
                guard codes.contains(code), let said = saysSalutation(row[other.index]) else { continue }
                seen[code, default: []].insert(said)
            }
            guard seen.count == codes.count, seen.values.allSatisfy({ $0.count == 1 }) else { continue }
            return (codes.compactMap { code in seen[code]?.first.map { (code, $0) } }, other.name)
        }
        return nil
    }

    /// Herr or Frau, when the text is a salutation or a letter's greeting that names one.
    private static func saysSalutation(_ text: String) -> String? {
        if let value = Salutations.canonical(text.trimmedSpaces, aliases: [:]), text.count > 2 { return value }
        let words = Set(text.lowercased().split(whereSeparator: { !$0.isLetter }).map(String.init))
        switch (words.contains("herr") || words.contains("mr"), words.contains("frau") || words.contains("mrs") || words.contains("ms")) {
        case (true, false): return "Herr"
        case (false, true): return "Frau"
        default: return nil
        }
    }

    /// Yes/no spellings the boolean reader does not know, by their words: `kein Treffer` is no,
    /// `Treffer` yes. `unbekannt`, `nicht geprüft` and the like name neither and stay unmapped:
    /// "not checked" must never become "no hit".
    static func booleans(_ values: [String]) -> [(String, String)] {
        let no: Set<String> = ["kein", "keine", "keiner", "none", "negativ", "negative", "unauffaellig", "clear", "nohit"]
        let yes: Set<String> = ["treffer", "hit", "positiv", "positive", "match"]
        let unknown: Set<String> = ["unbekannt", "unknown", "nicht", "not", "offen", "open", "pending", "ausstehend"]
        return orderedUnique(values.filter { Booleans.value($0.lowercased(), aliases: [:]) == nil }).compactMap { value in
            let words = value.split(whereSeparator: { !$0.isLetter }).map { MatchKey.umlautsExpanded(String($0)) }
            guard !words.contains(where: unknown.contains) else { return nil }
            if words.contains(where: no.contains) { return (value, "nein") }
            if words.contains(where: yes.contains) { return (value, "ja") }
            return nil
        }
    }

    static func orderedUnique(_ values: [String]) -> [String] {
        var seen: Set<String> = []
        return values.map(\.trimmedSpaces).filter { seen.insert($0.lowercased()).inserted }
    }
}
