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
