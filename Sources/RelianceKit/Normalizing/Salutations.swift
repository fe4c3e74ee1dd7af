/// Reads `Herr` or `Frau` from the spellings legacy systems use.
enum Salutations {
    static func canonical(_ text: String, aliases: [String: String]) -> String? {
        if let alias = aliases[text.lowercased()] { return canonical(alias, aliases: [:]) }
        if let value = table[MatchKey.umlautsExpanded(text)] ?? table[MatchKey.umlautsDropped(text)] { return value }
        // "Frau Dr.", "Herrn Prof.": the salutation is the first word.
        let words = text.split(separator: " ")
        guard words.count > 1, let first = words.first, Titles.canonical(words.dropFirst().joined(separator: " "), aliases: [:]) != nil
        else { return nil }
        return table[MatchKey.umlautsExpanded(String(first))]
    }

    private static let table: [String: String] = {
        let herr = ["Herr", "Herrn", "Hr.", "Hr", "Mr", "Mr.", "Mister", "Monsieur", "M.", "Señor", "Sr.", "male", "männlich", "m", "Mann"]
        let frau = ["Frau", "Fr.", "Fr", "Mrs", "Mrs.", "Ms", "Ms.", "Miss", "Madame", "Mme", "Mme.", "Señora", "Sra.",
                    "female", "weiblich", "w", "f", "Fräulein", "Frl."]
        var table: [String: String] = [:]
        for word in herr { table[MatchKey.umlautsExpanded(word)] = "Herr"; table[MatchKey.umlautsDropped(word)] = "Herr" }
        for word in frau { table[MatchKey.umlautsExpanded(word)] = "Frau"; table[MatchKey.umlautsDropped(word)] = "Frau" }
        return table
    }()
}

/// Reads the academic titles Concedus accepts: `Dr.`, `Prof.` and `Prof. Dr.`.
enum Titles {
    static func canonical(_ text: String, aliases: [String: String]) -> String? {
        if let alias = aliases[text.lowercased()] { return canonical(alias, aliases: [:]) }
        let words = text.lowercased().split(whereSeparator: { !$0.isLetter }).map(String.init)
        // `Dr. med.`, `Dr. rer. nat.`, `Dr.-Ing.`, `Dipl.-Kfm. Dr.` are doctors; the faculty is not sent.
        let isDoctor = words.contains { $0 == "dr" || $0 == "doktor" || $0 == "doctor" || $0 == "drs" }
        let isProfessor = words.contains { $0 == "prof" || $0 == "professor" || $0 == "professorin" }
        switch (isProfessor, isDoctor) {
        case (true, true): return "Prof. Dr."
        case (true, false): return "Prof."
        case (false, true): return "Dr."
        case (false, false): return nil
        }
    }
}

/// Reads yes/no values in German and English.
enum Booleans {
    static func value(_ text: String, aliases: [String: String]) -> Bool? {
        let key = text.lowercased()
        if let alias = aliases[key] { return value(alias, aliases: [:]) }
        switch key {
        case "true", "yes", "ja", "j", "y", "1", "wahr", "x": return true
        case "false", "no", "nein", "n", "0", "falsch": return false
        default: return nil
        }
    }
}
