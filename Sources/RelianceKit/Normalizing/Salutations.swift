/// Reads `Herr` or `Frau` from the spellings legacy systems use.
enum Salutations {
    static func canonical(_ text: String, aliases: [String: String]) -> String? {
        if let alias = aliases[text.lowercased()] { return canonical(alias, aliases: [:]) }
        return table[MatchKey.umlautsExpanded(text)] ?? table[MatchKey.umlautsDropped(text)]
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
        let words = text.lowercased().split(whereSeparator: { $0 == "." || $0 == " " || $0 == "-" }).map(String.init)
        guard let first = words.first else { return nil }
        let isDoctor = { (word: String) in word == "dr" || word == "doktor" || word == "doctor" }
        let isProfessor = { (word: String) in word == "prof" || word == "professor" || word == "professorin" }
        if isProfessor(first) {
            return words.dropFirst().contains(where: isDoctor) ? "Prof. Dr." : "Prof."
        }
        if isDoctor(first) {
            // `Dr. med.`, `Dr. rer. nat.`, `Dr.-Ing.` are doctors; the faculty is not sent.
            return words.dropFirst().contains(where: isProfessor) ? "Prof. Dr." : "Dr."
        }
        return nil
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
