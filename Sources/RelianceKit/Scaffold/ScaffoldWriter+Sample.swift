/// What the sample rows show beyond single fields: the export's date order, its phone country,
/// vendors not built in, list separators and questionnaire columns.
extension ScaffoldWriter {
    static let datePaths: Set<String> = [
        "person.birthDate", "person.idDocument.issueDate", "person.idDocument.expireDate", "events.date", "modified",
        "person.verification.approveTime", "person.verification.updateTime", "person.compliance.pepChecked",
        "person.compliance.sanctionChecked",
    ]

    /// The numeric date order every matched date column's values show together.
    static func exportEvidence(_ matches: [String: ColumnMatcher.Match], _ sample: ExportSample) -> DateFormatGuess.Evidence {
        var evidence = DateFormatGuess.Evidence()
        for (path, match) in matches where datePaths.contains(path) {
            evidence.merge(DateFormatGuess.Evidence(sample.values(match.index)))
        }
        return evidence
    }

    /// `phone_country`, tried on every sampled phone number with its row's address country.
    static func phoneCountry(_ matches: [String: ColumnMatcher.Match], _ sample: ExportSample) -> PhoneCountryChoice {
        let country = matches["person.country"]
        func code(_ row: [String]) -> String? {
            guard let country, country.index < row.count else { return nil }
            return Countries.code(for: row[country.index].trimmedSpaces, nationality: false, aliases: [:])
        }
        let phoneColumns = ["person.mobile", "person.phonePriv"].compactMap { matches[$0]?.index }
        var numbers: [PhoneCountryChoice.Number] = []
        for row in sample.rows {
            let rowCountry = code(row)
            for index in phoneColumns where index < row.count && !row[index].trimmedSpaces.isEmpty {
                numbers.append(PhoneCountryChoice.Number(raw: row[index], country: rowCountry))
            }
        }
        return PhoneCountryChoice(numbers: numbers, countries: sample.rows.compactMap(code))
    }

    /// Vendors in the sample that are neither built in nor named by a word of a known one.
    static func extraVendors(_ matches: [String: ColumnMatcher.Match], _ sample: ExportSample) -> [String] {
        guard let vendor = matches["person.verification.vendor"] else { return [] }
        let known = Set(ValueKind.builtInVendors)
        var seen: [String] = []
        for value in sample.values(vendor.index) where EnumGuess.target(of: value, kind: .vendor) == nil {
            let upper = value.uppercased().filter { $0.isLetter || $0.isNumber }
            if !known.contains(upper), !seen.contains(upper), !upper.isEmpty { seen.append(upper) }
        }
        return seen.count <= 5 ? seen : []
    }

    /// The separator the values of an array column use: the most frequent of `,` `;` `|` `/`, else `,`.
    func separator(in values: [String]) -> String {
        let candidates = [",", ";", "|", "/"]
        let counts = candidates.map { candidate in values.reduce(0) { $0 + $1.components(separatedBy: candidate).count - 1 } }
        guard let best = counts.max(), best > 0, let index = counts.firstIndex(of: best) else { return "," }
        return candidates[index]
    }

    /// Columns that hold questionnaire answers: `AE1`, `Frage_3`, `Erfahrung_Aktien` …
    func questionColumns() -> [(name: String, column: String)] {
        let used = Set(matches.values.map(\.index))
        let prefixes = ["frage", "question", "erfahrung", "kenntnis", "experience", "knowledge", "anlageziel", "anlagehorizont", "risiko",
                        "risk", "investmentobjective", "investmenthorizon", "investmentexperience", "suitability", "appropriateness", "ae", "q"]
        return sample.columns.compactMap { column in
            guard column.canBeNamed, !used.contains(column.index) else { return nil }
            let key = ColumnMatcher.key(column.name)
            guard let prefix = prefixes.first(where: { key.hasPrefix($0) }) else { return nil }
            if prefix.count <= 2, !key.dropFirst(prefix.count).allSatisfy(\.isNumber) { return nil }
            let parts = column.name.split(whereSeparator: { $0 == "_" || $0 == " " || $0 == "-" })
            let name = parts.count > 1 ? String(parts.last ?? Substring(column.name)) : column.name
            return (name, column.name)
        }
    }
}
