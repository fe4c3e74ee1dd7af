import Foundation

/// Reads a country from a code or a name, in English or German, as ISO 3166-1 alpha-2.
enum Countries {
    static let alpha2Codes: Set<String> = Set(ISOTables.countries.map(\.alpha2))
    /// The alpha-2 codes as a table over their two letters (A–Z each), for checks byte by byte.
    private static let alpha2Table: [Bool] = {
        var table = [Bool](repeating: false, count: 26 * 26)
        for code in alpha2Codes {
            let letters = Array(code.utf8)
            table[Int(letters[0] - 0x41) * 26 + Int(letters[1] - 0x41)] = true
        }
        return table
    }()

    /// Whether the two bytes spell an ISO 3166-1 alpha-2 code (upper-case letters).
    static func isAlpha2Code(_ first: UInt8, _ second: UInt8) -> Bool {
        guard (0x41...0x5A).contains(first), (0x41...0x5A).contains(second) else { return false }
        return alpha2Table[Int(first - 0x41) * 26 + Int(second - 0x41)]
    }

    /// The alpha-2 code for `text`, or nil when no country goes by that name.
    /// - Parameters:
    ///   - nationality: whether adjectives (`deutsch`) name countries too.
    ///   - travelDocument: whether a travel document's codes (`D`, `GBN`) do; they win over the
    ///     IOC's codes, whose `GBS` is Guinea-Bissau where a document's is a British Subject.
    static func code(for text: String, nationality: Bool, travelDocument: Bool = false, aliases: [String: String]) -> String? {
        let trimmed = text.trimmedSpaces
        if let alias = aliases[trimmed.lowercased()] {
            return code(for: alias, nationality: nationality, travelDocument: travelDocument, aliases: [:])
        }
        if travelDocument, let code = TravelDocumentCodes.country(for: trimmed) { return code }
        let upper = trimmed.uppercased()
        if upper.count == 2, alpha2Codes.contains(upper) { return upper }
        if !trimmed.isEmpty, trimmed.count <= 3, trimmed.allSatisfy(\.isASCIIDigit) {
            return byNumeric[pad(Int(trimmed) ?? -1, 3)]
        }
        for key in [MatchKey.umlautsExpanded(trimmed), MatchKey.umlautsDropped(trimmed)] {
            if let code = byName[key] { return code }
            if nationality, let code = adjective(key) { return code }
        }
        return nil
    }

    /// The closest known name, for an error message.
    static func suggestion(for text: String) -> String? {
        let key = Array(MatchKey.umlautsExpanded(text))
        guard key.count >= 3 else { return nil }
        var best: (String, Int)?
        for (label, folded) in foldedNames {
            let distance = Suggestions.editDistance(key, folded)
            if distance < best?.1 ?? Int.max { best = (label, distance) }
        }
        guard let (name, distance) = best, distance <= max(2, key.count / 3) else { return nil }
        return name
    }

    /// Every ISO name with its folded form, for suggestions: `("Deutschland (DE)", "deutschland")`.
    private static let foldedNames: [(String, [Character])] = ISOTables.countries.flatMap { country in
        (country.english + country.german).map { ("\($0) (\(country.alpha2))", Array(MatchKey.umlautsExpanded($0))) }
    }

    /// Adjectives (`deutsch`, `Deutsche`, `French`) and the nouns formed from a country's name
    /// (`Österreicher`, `Schweizer`, `Italiener`).
    private static func adjective(_ key: String) -> String? {
        if let code = adjectives[key] { return code }
        for suffix in ["e", "er", "es", "en", "em", "in", "erin"] where key.hasSuffix(suffix) {
            let stem = String(key.dropLast(suffix.count))
            if let code = adjectives[stem] { return code }
            if suffix.hasPrefix("er") || suffix == "in", stem.count >= 4, let code = byName[stem] { return code }
        }
        return nil
    }

    private static let byNumeric: [String: String] = Dictionary(
        ISOTables.countries.map { ($0.numeric, $0.alpha2) }, uniquingKeysWith: { first, _ in first })

    private static let byName: [String: String] = {
        var table: [String: String] = [:]
        func add(_ name: String, _ code: String) {
            for key in [MatchKey.umlautsExpanded(name), MatchKey.umlautsDropped(name)] where table[key] == nil {
                table[key] = code
            }
        }
        for country in ISOTables.countries {
            table[country.alpha3.lowercased()] = country.alpha2
            for name in country.english + country.german { add(name, country.alpha2) }
        }
        for (name, code) in CountryVariants.names { add(name, code) }
        for (name, code) in ISOTables.alternativeNames { add(name, code) }
        for (name, code) in CountryVariants.olympicCodes { add(name, code) }
        return table
    }()

    private static let adjectives: [String: String] = {
        var table: [String: String] = [:]
        for (word, code) in CountryVariants.adjectives + ISOTables.englishDemonyms {
            for key in [MatchKey.umlautsExpanded(word), MatchKey.umlautsDropped(word)] where table[key] == nil {
                table[key] = code
            }
        }
        return table
    }()
}
