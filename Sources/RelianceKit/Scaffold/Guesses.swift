/// Proposes date patterns that read every sample value of a column.
enum DateFormatGuess {
    static let candidates = [
        "dd.MM.yyyy", "d.M.yyyy", "dd.MM.yy", "dd/MM/yyyy", "MM/dd/yyyy", "yyyyMMdd", "dd-MM-yyyy",
        "dd.MM.yyyy HH:mm", "dd.MM.yyyy HH:mm:ss", "d.M.yyyy H:mm", "dd/MM/yyyy HH:mm", "dd.MM.yy HH:mm",
    ]

    /// The fewest candidates, in order, that together read every value; empty when ISO 8601
    /// (always understood) covers them or when nothing does.
    static func formats(for values: [String], timestamp: Bool) -> [String] {
        let pending = values.filter { DateReader.iso($0) == nil }
        guard !pending.isEmpty else { return [] }
        let patterns = candidates.compactMap { pattern in DatePattern(pattern).map { (pattern, $0) } }
        var chosen: [String] = []
        var uncovered = pending
        while !uncovered.isEmpty {
            let best = patterns.map { pattern in (pattern.0, uncovered.filter { pattern.1.match($0) != nil }.count) }
                .max { $0.1 < $1.1 }
            guard let (pattern, count) = best, count > 0 else { break }
            chosen.append(pattern)
            if let compiled = DatePattern(pattern) { uncovered = uncovered.filter { compiled.match($0) == nil } }
        }
        return chosen
    }
}

/// Proposes `map` entries for enum values the normalizers do not read themselves.
enum EnumGuess {
    /// German spellings legacy systems use for document types and identification methods.
    static let known: [ValueKind: [String: String]] = [
        .docType: ["personalausweis": "IDCARD", "perso": "IDCARD", "ausweis": "IDCARD", "identitaetskarte": "IDCARD",
                   "idkarte": "IDCARD", "reisepass": "PASSPORT", "pass": "PASSPORT", "kinderreisepass": "PASSPORT"],
        .verificationMethod: ["videoident": "VIDEO", "videoidentifizierung": "VIDEO", "videochat": "VIDEO", "video": "VIDEO",
                              "bankident": "BANK", "kontoident": "BANK", "referenzueberweisung": "BANK", "ueberweisung": "BANK",
                              "signatur": "QES", "eidsignatur": "QES", "qualifiziertesignatur": "QES"],
    ]

    static func map(for values: [String], kind: ValueKind, normalizer: Normalizer) -> [(key: String, value: String)] {
        var table: [(key: String, value: String)] = []
        var seen: Set<String> = []
        for value in values where seen.insert(value.lowercased()).inserted {
            var findings: [Finding] = []
            if normalizer.normalize(value, kind: kind, patterns: [], path: "", findings: &findings) != nil,
               !findings.contains(where: { $0.severity != .note }) { continue }
            if let target = known[kind]?[MatchKey.umlautsExpanded(value)] {
                table.append((value, target))
            }
            if table.count >= 20 { break }
        }
        return table
    }
}

extension ValueKind: Hashable {
    public func hash(into hasher: inout Hasher) {
        switch self {
        case let .date(birth): hasher.combine(birth ? 1 : 2)
        case let .key(prefix): hasher.combine(prefix)
        default: hasher.combine(displayName.utf8.count &* 31 &+ Int(displayName.utf8.first ?? 0))
        }
    }
}
