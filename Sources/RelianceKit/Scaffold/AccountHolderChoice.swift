/// What `bankAccounts[].accountHolder` reads, tried on the sample: a person's name.
///
/// An account-holder column is taken when, row by row, it names the customer (it holds the
/// row's surname). Salesforce's "Account Name" is the household or company the contact belongs
/// to ("Private Clients"): when most rows name someone else, the holder is built from the name
/// columns (`"{Last}, {First}"`), with `# check`.
struct AccountHolderChoice {
    /// The line's value (nil: no holder proposed) and why it needs a look.
    var value: String?
    var check: String?
    var column: ColumnMatcher.Match?

    init(holder: ColumnMatcher.Match?, surname: ColumnMatcher.Match?, forename: ColumnMatcher.Match?, sample: ExportSample) {
        let template = surname.flatMap { surname in
            forename.map { YAMLText.scalar("{\(Self.placeholder(surname.column))}, {\(Self.placeholder($0.column))}") }
        }
        guard let holder else {
            value = template
            return
        }
        guard let surname else {
            (value, column) = (YAMLText.scalar(holder.column), holder)
            check = "no surname column to compare the holder with"
            return
        }
        var compared = 0
        var others: [String] = []
        for row in sample.rows where holder.index < row.count && surname.index < row.count {
            let name = MatchKey.umlautsExpanded(row[surname.index])
            let text = row[holder.index].trimmedSpaces
            guard !name.isEmpty, !text.isEmpty else { continue }
            compared += 1
            if !MatchKey.umlautsExpanded(text).contains(name) || Self.namesAGroup(text) { others.append(text) }
        }
        guard !others.isEmpty else {
            (value, column) = (YAMLText.scalar(holder.column), holder)
            return
        }
        var counts: [String: Int] = [:]
        for text in others { counts[text, default: 0] += 1 }
        let listed = CodeAliases.orderedUnique(others).sorted { counts[$0, default: 0] > counts[$1, default: 0] }
            .prefix(3).map { "\(YAMLText.shown($0)) (\(counts[$0] ?? 0))" }.joined(separator: ", ")
        let what = "\(YAMLText.shown(holder.column)) does not name the customer in \(others.count) of \(compared) sample rows: \(listed)"
        if others.count * 2 > compared, let template {
            value = template
            check = what + "; the holder is built from the name columns"
        } else {
            (value, column) = (YAMLText.scalar(holder.column), holder)
            check = what
        }
    }

    /// Words that make a name a household's, a family's or a company's (`Krüger Household`,
    /// `Familie Weber`, `Weber GmbH`), not a person's.
    static let groupWords: Set<String> = ["household", "haushalt", "family", "familie", "clients", "kunden", "gmbh", "ag", "kg", "ohg",
                                          "ev", "ltd", "inc", "llc", "co", "company", "gbr", "ug", "mbh", "stiftung", "trust"]

    static func namesAGroup(_ text: String) -> Bool {
        text.split(whereSeparator: { !$0.isLetter }).contains { groupWords.contains(MatchKey.umlautsExpanded(String($0))) }
    }

    /// A column name inside a template placeholder, its braces doubled.
    static func placeholder(_ name: String) -> String {
        name.replacingOccurrences(of: "{", with: "{{").replacingOccurrences(of: "}", with: "}}")
    }
}
