/// Matches an export's column names to payload fields by the synonym table, tolerating case,
/// umlauts, separators, camel case, common abbreviations and small misspellings.
///
/// Each name is folded once and compared with synonyms folded once for the whole run, so the
/// work grows with the number of columns times the (fixed) number of synonyms: an export of
/// 10,000 columns is matched in one pass, not name by name against names folded again each time.
enum ColumnMatcher {
    struct Match: Sendable, Equatable {
        let column: String
        let confidence: Double
        /// The column's position in the header.
        var index = 0
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

    /// A name folded both ways, computed once.
    struct Folded {
        let key: [UInt8]
        let umlauts: String

        init(_ name: String) {
            key = Array(ColumnMatcher.key(name).utf8)
            umlauts = MatchKey.umlautsExpanded(name)
        }
    }

    /// How well `column` fits `synonym`, from 0 to 1.
    static func score(column: String, synonym: String) -> Double {
        score(Folded(column), Folded(synonym))
    }

    static func score(_ column: Folded, _ synonym: Folded) -> Double {
        let (a, b) = (column.key, synonym.key)
        guard !a.isEmpty, !b.isEmpty else { return 0 }
        if a == b || column.umlauts == synonym.umlauts { return 1 }
        // Short names (ID, Nr, PLZ, PEP) match only exactly.
        guard b.count >= 4, a.count >= 4 else { return 0 }
        if contains(a, b) || contains(b, a) {
            let ratio = Double(min(a.count, b.count)) / Double(max(a.count, b.count))
            return ratio >= 0.6 ? 0.85 : 0.7
        }
        let allowed = max(1, b.count / 6)
        guard abs(a.count - b.count) <= allowed, sharesPiece(a, b, pieces: allowed + 1) else { return 0 }
        let distance = Suggestions.editDistance(a.map { Character(Unicode.Scalar($0)) }, b.map { Character(Unicode.Scalar($0)) })
        if distance <= allowed { return 0.9 - 0.05 * Double(distance) }
        return 0
    }

    /// Whether one of `pieces` near-equal parts of `b` occurs in `a`: `allowed` edits leave at least
    /// one of `allowed + 1` parts whole, so pairs without one are never within reach and the
    /// edit distance is computed only for the few that are.
    static func sharesPiece(_ a: [UInt8], _ b: [UInt8], pieces: Int) -> Bool {
        let size = b.count / pieces
        guard size > 0 else { return true }
        for piece in 0..<pieces {
            let end = piece == pieces - 1 ? b.count : (piece + 1) * size
            if contains(a, Array(b[(piece * size)..<end])) { return true }
        }
        return false
    }

    static func contains(_ text: [UInt8], _ part: [UInt8]) -> Bool {
        guard part.count <= text.count else { return false }
        var start = 0
        while start + part.count <= text.count {
            if text[start] == part[0], text[start..<(start + part.count)].elementsEqual(part) { return true }
            start += 1
        }
        return false
    }

    /// The synonym table folded once.
    static let folded: [(path: String, names: [Folded])] = FieldSynonyms.table.map { ($0.path, $0.names.map(Folded.init)) }

    /// Fields that may read the same column (the KYC provider is usually also the vendor).
    static let sharing: Set<[String]> = [["person.customFields.KYC", "person.verification.vendor"]]

    /// The best column for each field, each column used once (except fields that may share).
    static func match(header: [String], threshold: Double = 0.6) -> [String: Match] {
        match(columns: header.enumerated().map { ($0.offset, $0.element) }, threshold: threshold)
    }

    /// As `match(header:)`, for the columns a mapping can name, each with its position.
    static func match(columns: [(index: Int, name: String)], threshold: Double = 0.6) -> [String: Match] {
        var candidates: [(path: String, order: Int, column: String, index: Int, score: Double)] = []
        for (index, name) in columns {
            let column = Folded(name)
            for (order, entry) in folded.enumerated() {
                var best = 0.0
                for synonym in entry.names where best < 1 { best = max(best, score(column, synonym)) }
                if best >= threshold { candidates.append((entry.path, order, name, index, best)) }
            }
        }
        candidates.sort { ($0.score, -$0.order, -$0.index) > ($1.score, -$1.order, -$1.index) }
        var matches: [String: Match] = [:]
        var usedBy: [Int: String] = [:]
        for candidate in candidates where matches[candidate.path] == nil {
            if let owner = usedBy[candidate.index], !sharing.contains([owner, candidate.path].sorted()) { continue }
            matches[candidate.path] = Match(column: candidate.column, confidence: candidate.score, index: candidate.index)
            usedBy[candidate.index] = usedBy[candidate.index] ?? candidate.path
        }
        return matches
    }
}
