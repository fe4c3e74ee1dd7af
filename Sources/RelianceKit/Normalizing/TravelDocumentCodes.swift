/// The codes of ICAO Doc 9303 Part 3 (the machine-readable zone of passports and ID cards) that
/// are no ISO 3166-1 alpha-3 code. Identification vendors export the issuing state and the
/// nationality as the zone writes them: Germany is `D` there, a British Overseas Territories
/// citizen `GBD`, a stateless person `XXA`.
///
/// Read for the issuing country and the nationalities only: elsewhere a `D` is no country.
/// Not read: the codes ISO withdrew that Part 3 keeps for old documents (`ANT`, `NTZ`), which no
/// valid document carries any more, and ICAO's own `IAO`, which signs lists, not documents.
enum TravelDocumentCodes {
    /// The codes that stand for an ISO country. The British classes of nationality (Part 3's
    /// `GBD`, `GBN`, `GBO`, `GBP`, `GBS`) are all issued by the United Kingdom.
    static let countries: [(code: String, country: String, meaning: String)] = [
        ("D", "DE", "Germany"),
        ("GBD", "GB", "British Overseas Territories Citizen"),
        ("GBN", "GB", "British National (Overseas)"),
        ("GBO", "GB", "British Overseas Citizen"),
        ("GBP", "GB", "British Protected Person"),
        ("GBS", "GB", "British Subject"),
    ]

    /// The codes that name no ISO 3166-1 country, with what they stand for: an error, since the
    /// import takes ISO countries only.
    static let others: [(code: String, meaning: String)] = [
        ("RKS", "Kosovo (XK, its code in some systems, is user-assigned, not ISO)"),
        ("EUE", "the European Union"),
        ("UNO", "the United Nations Organization or one of its officials"),
        ("UNA", "a specialized agency of the United Nations or one of its officials"),
        ("UNK", "a resident of Kosovo holding a travel document of the United Nations Interim Administration Mission in Kosovo (UNMIK)"),
        ("XBA", "the African Development Bank"),
        ("XIM", "the African Export-Import Bank"),
        ("XCC", "the Caribbean Community (CARICOM) or one of its emissaries"),
        ("XCE", "the Council of Europe"),
        ("XCO", "the Common Market for Eastern and Southern Africa (COMESA)"),
        ("XEC", "the Economic Community of West African States (ECOWAS)"),
        ("XPO", "the International Criminal Police Organization (INTERPOL)"),
        ("XES", "the Organization of Eastern Caribbean States (OECS)"),
        ("XMP", "the Parliamentary Assembly of the Mediterranean"),
        ("XOM", "the Sovereign Military Order of Malta or one of its emissaries"),
        ("XDC", "the Southern African Development Community"),
        ("XXA", "a stateless person (1954 Convention relating to the Status of Stateless Persons)"),
        ("XXB", "a refugee (1951 Convention relating to the Status of Refugees)"),
        ("XXC", "a refugee other than under the 1951 Convention"),
        ("XXX", "a person of unspecified nationality"),
        ("UTO", "Utopia, the state of ICAO's specimen documents: a sample, not a real document"),
    ]

    private static let countryByCode = Dictionary(uniqueKeysWithValues: countries.map { ($0.code, $0.country) })
    private static let meaningByCode = Dictionary(uniqueKeysWithValues: others.map { ($0.code, $0.meaning) })

    /// The code as the zone writes it: upper case, without the `<` that fills `D` to three places (`D<<`).
    private static func key(_ text: String) -> String {
        var code = Substring(text.uppercased())
        while code.last == "<" { code = code.dropLast() }
        return String(code)
    }

    /// The alpha-2 code of the country `text` stands for, when it is one of `countries`.
    static func country(for text: String) -> String? {
        guard text.utf8.count <= 3 else { return nil }
        return countryByCode[key(text)]
    }

    /// What `text` stands for, when it is one of `others`.
    static func meaning(of text: String) -> String? {
        guard text.utf8.count <= 3 else { return nil }
        return meaningByCode[key(text)]
    }

    /// The two tables for docs/reference.md (a test keeps the document equal to them).
    static func markdown() -> String {
        var lines = ["| code | stands for | read as |", "| --- | --- | --- |"]
        for entry in countries { lines.append("| `\(entry.code)` | \(entry.meaning) | `\(entry.country)`, noted |") }
        for entry in others { lines.append("| `\(entry.code)` | \(entry.meaning) | error `no-iso-country` |") }
        return lines.joined(separator: "\n") + "\n"
    }
}
