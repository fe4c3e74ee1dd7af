/// Matches an export's column names to payload fields by the synonym table, tolerating case,
/// umlauts, separators, camel case, common abbreviations and small misspellings.
enum ColumnMatcher {
    struct Match: Sendable, Equatable {
        let column: String
        let confidence: Double
    }

    /// Abbreviations expanded before comparing (`Geb.-Datum` = `Geburtsdatum`).
    static let abbreviations: [String: String] = [
        "geb": "geburts", "tel": "telefon", "nr": "nummer", "no": "number", "num": "number", "str": "strasse",
        "dat": "datum", "addr": "address", "kd": "kunden", "ausw": "ausweis", "doc": "document", "dob": "dateofbirth",
        "pers": "person", "hnr": "hausnummer", "vorn": "vorname", "nachn": "nachname",
    ]

    /// Folds a name into comparable tokens: `KundenNr.` → `kunden` `nummer`.
    static func tokens(_ name: String) -> [String] {
        var words: [String] = []
        var current = ""
        var previousLower = false
        for char in name {
            if char.isLetter || char.isNumber {
                if char.isUppercase, previousLower, !current.isEmpty {
                    words.append(current)
                    current = ""
                }
                current.append(char)
                previousLower = char.isLowercase
            } else {
                if !current.isEmpty { words.append(current) }
                current = ""
                previousLower = false
            }
        }
        if !current.isEmpty { words.append(current) }
        return words.map { word in
            let folded = MatchKey.umlautsExpanded(word)
            return abbreviations[folded] ?? folded
        }
    }

    static func key(_ name: String) -> String {
        tokens(name).joined()
    }

    /// How well `column` fits `synonym`, from 0 to 1.
    static func score(column: String, synonym: String) -> Double {
        let a = key(column)
        let b = key(synonym)
        guard !a.isEmpty, !b.isEmpty else { return 0 }
        if a == b { return 1 }
        if MatchKey.umlautsExpanded(column) == MatchKey.umlautsExpanded(synonym) { return 1 }
        // Short names (ID, Nr, PLZ, PEP) match only exactly.
        guard b.count >= 4, a.count >= 4 else { return 0 }
        if a.contains(b) || b.contains(a) {
            let ratio = Double(min(a.count, b.count)) / Double(max(a.count, b.count))
            return ratio >= 0.6 ? 0.85 : 0.7
        }
        let distance = Suggestions.editDistance(Array(a), Array(b))
        let allowed = max(1, b.count / 6)
        if distance <= allowed { return 0.9 - 0.05 * Double(distance) }
        return 0
    }

    /// Fields that may read the same column (the KYC provider is usually also the vendor).
    static let sharing: Set<[String]> = [["person.customFields.KYC", "person.verification.vendor"]]

    /// The best column for each field, each column used once (except fields that may share).
    static func match(header: [String], threshold: Double = 0.6) -> [String: Match] {
        var candidates: [(path: String, order: Int, column: String, score: Double)] = []
        for (order, entry) in FieldSynonyms.table.enumerated() {
            for column in header {
                let best = entry.names.map { score(column: column, synonym: $0) }.max() ?? 0
                if best >= threshold { candidates.append((entry.path, order, column, best)) }
            }
        }
        candidates.sort { ($0.score, -$0.order) > ($1.score, -$1.order) }
        var matches: [String: Match] = [:]
        var usedBy: [String: String] = [:]
        for candidate in candidates where matches[candidate.path] == nil {
            if let owner = usedBy[candidate.column], !sharing.contains([owner, candidate.path].sorted()) { continue }
            matches[candidate.path] = Match(column: candidate.column, confidence: candidate.score)
            usedBy[candidate.column] = usedBy[candidate.column] ?? candidate.path
        }
        return matches
    }
}
