/// Proposes `map` entries for enum values the normalizers do not read themselves.
///
/// A value is mapped when its whole text is a known spelling (`Personalausweis`), or when its
/// words name exactly one target (`eSignatur (QES)` → QES, `Video-Ident (IDnow)` → VIDEO,
/// `IDnow GmbH` → IDNOW); a value whose words name none, or two, is left for a person.
enum EnumGuess {
    /// German and English spellings legacy systems use for document types, identification methods and vendors.
    static let known: [ValueKind: [String: String]] = [
        .docType: ["personalausweis": "IDCARD", "perso": "IDCARD", "ausweis": "IDCARD", "identitaetskarte": "IDCARD", "idkarte": "IDCARD",
                   "idcard": "IDCARD", "identitycard": "IDCARD", "nationalid": "IDCARD", "nationalidcard": "IDCARD", "identitaetsausweis": "IDCARD",
                   "reisepass": "PASSPORT", "pass": "PASSPORT", "kinderreisepass": "PASSPORT", "passport": "PASSPORT"],
        .verificationMethod: ["videoident": "VIDEO", "videoidentifizierung": "VIDEO", "videochat": "VIDEO", "video": "VIDEO", "videoidentification": "VIDEO",
                              "bankident": "BANK", "kontoident": "BANK", "referenzueberweisung": "BANK", "ueberweisung": "BANK", "bank": "BANK",
                              "signatur": "QES", "esignatur": "QES", "eidsignatur": "QES", "qualifiziertesignatur": "QES", "qes": "QES",
                              "esignature": "QES", "qualifiedsignature": "QES", "electronicsignature": "QES", "signature": "QES"],
        .vendor: ["idnow": "IDNOW", "webid": "WEBID", "sumsub": "SUMSUB", "sumsubstance": "SUMSUB"],
    ]

    /// Map entries for the values of a column that the normalizer does not read as they are.
    static func map(for values: [String], kind: ValueKind, normalizer: Normalizer) -> [(key: String, value: String)] {
        var table: [(key: String, value: String)] = []
        var seen: Set<String> = []
        for value in values where seen.insert(value.lowercased()).inserted {
            var findings: [Finding] = []
            if normalizer.normalize(value, kind: kind, patterns: [], path: "", findings: &findings) != nil,
               !findings.contains(where: { $0.severity != .note }) { continue }
            if let target = target(of: value, kind: kind) { table.append((value, target)) }
            if table.count >= 20 { break }
        }
        return table
    }

    /// The one target `value` names, by its whole text or by its words.
    static func target(of value: String, kind: ValueKind) -> String? {
        guard let table = known[kind] else { return nil }
        if let whole = table[MatchKey.umlautsExpanded(value)] { return whole }
        let words = value.split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map { MatchKey.umlautsExpanded(String($0)) }
        // Words and neighbouring pairs: `Video-Ident` is `video` `ident` and `videoident`.
        let pairs = zip(words, words.dropFirst()).map { $0 + $1 }
        let targets = Set((words + pairs).compactMap { table[$0] })
        return targets.count == 1 ? targets.first : nil
    }
}
