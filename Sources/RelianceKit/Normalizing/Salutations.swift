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
