import Foundation

/// Writes a complete mapping for an export from its header and first rows (`reliance-convert init`).
///
/// Every payload field appears: matched to a column where the synonym table finds one (with a
/// comment when the match is uncertain), as `TODO` where a required field has no column (so
/// `convert` stops until a person decides), or commented out where an optional field has none.
/// Date columns get the `format` their sample values show; enum columns a `map` for the
/// spellings the normalizers do not know.
public struct MappingScaffold: Sendable {
    /// How one field was filled.
    public struct Decision: Sendable, Equatable {
        public let path: String
        public let column: String?
        public let confidence: Double
    }

    public let yaml: String
    public let decisions: [Decision]
    /// The workbook's sheets and the one read (nil for CSV), and the header's row.
    public var sheets: [String] = []
    public var sheet: String?
    public var headerRow = 1
    /// Required fields left as TODO.
    public var todos: [String] { decisions.filter { $0.column == nil }.map(\.path) }

    /// Matches below this confidence are written with a comment asking for a check.
    static let certain = 0.85

    /// - Parameter sheet: the sheet of a workbook to read, by name or 1-based position; the first by default.
    public static func make(inputPath: String, sheet: String? = nil, sampleRows: Int = 200) throws(ConvertError) -> MappingScaffold {
        let inspection = try InputDetection.inspect(inputPath)
        let opened = try InputDetection.openInput(inputPath, settings: InputSettings(sheet: sheet), inspection: inspection)
        var samples: [[String]] = []
        while samples.count < sampleRows, let row = try opened.source.next() {
            if row.problems.isEmpty { samples.append(row.cells) }
        }
        var builder = Builder(header: opened.source.header, samples: samples)
        let sheets = (opened.source as? XLSXRowSource)?.sheetNames ?? []
        builder.write(inputPath: inputPath, delimiter: opened.delimiter,
                      sheet: sheets.count > 1 ? opened.sheet : nil, headerRow: opened.source.rowsAboveHeader > 0 ? opened.source.headerLine : nil)
        var scaffold = MappingScaffold(yaml: builder.lines.joined(separator: "\n") + "\n", decisions: builder.decisions)
        scaffold.sheets = sheets
        scaffold.sheet = opened.sheet
        scaffold.headerRow = opened.source.headerLine
        return scaffold
    }

    struct Builder {
        let header: [String]
        let samples: [[String]]
        let matches: [String: ColumnMatcher.Match]
        var lines: [String] = []
        var decisions: [Decision] = []
        let normalizer = Normalizer(settings: Settings(), asOf: CivilDate(year: 2100, month: 1, day: 1) ?? CivilDate(daysSinceEpoch: 0))

        init(header: [String], samples: [[String]]) {
            self.header = header
            self.samples = samples
            matches = ColumnMatcher.match(header: header)
        }

        mutating func write(inputPath: String, delimiter: UInt8?, sheet: String?, headerRow: Int?) {
            lines.append("# Mapping scaffold for \((inputPath as NSString).lastPathComponent), written by reliance-convert init.")
            lines.append("# Check every line marked \"check\", replace every TODO, then run `reliance-convert validate`.")
            lines.append("version: 1")
            var input: [String] = []
            if let delimiter {
                let shown = delimiter == 0x09 ? "\"\\t\"" : "\"\(String(decoding: [delimiter], as: UTF8.self))\""
                input += ["delimiter: \(shown)", "encoding: auto"]
            }
            if let sheet { input.append("sheet: \(JSONWriter.quoted(sheet))") }
            if let headerRow { input.append("header_row: \(headerRow)") }
            if !input.isEmpty {
                lines.append("input: { " + input.joined(separator: ", ") + " }"
                             + (headerRow.map { "   # check: the header was found on row \($0), the rows above it are skipped" } ?? ""))
            }
            lines.append("settings:")
            lines.append("  timezone: Europe/Berlin")
            lines.append("  date_order: \(dateOrder())")
            lines.append(phoneCountryLine())
            lines.append("  attachments: attachments        # relative to this file; --attachments overrides")
            if let vendors = extraVendors(), !vendors.isEmpty {
                lines.append("  vendors: [\(vendors.map(quote).joined(separator: ", "))]   # check: vendors found in the data that are not built in")
            }
            lines.append("customer:")
            leaf("id", path: "id", kind: .text, required: true, indent: 1)
            leaf("modified", path: "modified", kind: .timestamp, required: false, indent: 1)
            lines.append("  person:")
            for field in RelianceSchema.person {
                writeField(field, path: "person." + field.name, indent: 2)
            }
            lines.append("  investmentSurveys:")
            lines.append("    - standard_questionnaire:")
            lines.append("        question:")
            let questions = questionColumns()
            if questions.isEmpty {
                lines.append("          - { name: { const: TODO }, value: TODO }   # required: one item per question column")
                decisions.append(Decision(path: "investmentSurveys.question", column: nil, confidence: 0))
            }
            for (name, column) in questions {
                lines.append("          - { name: { const: \(quote(name)) }, value: \(quote(column)) }")
                decisions.append(Decision(path: "investmentSurveys.question", column: column, confidence: 0.8))
            }
            if let file = matches["events.file"] {
                lines.append("  events:")
                var item = "    - { file: \(quote(file.column))"
                decisions.append(Decision(path: "events.file", column: file.column, confidence: file.confidence))
                var dateCheck: String?
                if let date = matches["events.date"] {
                    let (value, check) = leafValue(date.column, kind: .date(.past))
                    item += ", date: \(value)"
                    dateCheck = check
                    decisions.append(Decision(path: "events.date", column: date.column, confidence: date.confidence))
                }
                lines.append(item + ", subject: { const: Identification }, category: { const: KYC } }" + checkComment(file)
                             + (dateCheck.map { "   # check: \($0)" } ?? ""))
            } else {
                lines.append("  # events:                       # attachments: no file column found")
                lines.append("  #   - { file: COLUMN, subject: { const: Identification }, category: { const: KYC } }")
            }
            let unmatched = unmatchedColumns()
            if !unmatched.isEmpty {
                lines.append("# Columns no field took (map them where they belong, or leave them out):")
                for column in unmatched { lines.append("#   \(column)") }
            }
        }

        mutating func writeField(_ field: Field, path: String, indent: Int) {
            let pad = String(repeating: "  ", count: indent)
            switch (field.name, field.shape) {
            case (_, .value(.key)), ("modified", _), ("type", _):
                return
            case ("street", _):
                street(indent: indent)
            case ("foreName", _) where matches["middleName"] != nil && matches["person.foreName"] != nil:
                // All forenames: the first and middle name columns joined.
                guard let first = matches["person.foreName"], let middle = matches["middleName"] else { return }
                decisions.append(Decision(path: path, column: first.column, confidence: first.confidence))
                decisions.append(Decision(path: "middleName", column: middle.column, confidence: middle.confidence))
                lines.append(pad + "foreName: { columns: [\(quote(first.column)), \(quote(middle.column))] }" + checkComment(min(first, middle)))
            case ("customFields", _):
                lines.append(pad + "customFields:")
                if let kyc = matches["person.customFields.KYC"] {
                    lines.append(pad + "  - { name: { const: KYC }, value: \(quote(kyc.column)) }" + checkComment(kyc))
                    decisions.append(Decision(path: "person.customFields.KYC", column: kyc.column, confidence: kyc.confidence))
                } else {
                    lines.append(pad + "  - { name: { const: KYC }, value: TODO }   # required: the column naming the KYC provider, or { const: IDNOW }")
                    decisions.append(Decision(path: "person.customFields.KYC", column: nil, confidence: 0))
                }
            case ("bankAccounts", let .list(children)):
                guard let iban = matches["person.bankAccounts.iban"] else {
                    lines.append(pad + "# bankAccounts:                 # no IBAN column found")
                    return
                }
                var parts: [String] = []
                if let holder = matches["person.bankAccounts.accountHolder"] {
                    parts.append("accountHolder: \(quote(holder.column))")
                } else if let surname = matches["person.surName"], let forename = matches["person.foreName"] {
                    parts.append("accountHolder: \(quote("{\(surname.column)}, {\(forename.column)}"))")
                }
                for child in children where ["iban", "bic", "bank", "currency"].contains(child.name) {
                    if let match = matches["person.bankAccounts." + child.name] {
                        parts.append("\(child.name): \(quote(match.column))")
                        decisions.append(Decision(path: "person.bankAccounts." + child.name, column: match.column, confidence: match.confidence))
                    }
                }
                if matches["person.bankAccounts.currency"] == nil { parts.append("currency: { const: EUR }") }
                lines.append(pad + "bankAccounts:")
                lines.append(pad + "  - { " + parts.joined(separator: ", ") + " }" + checkComment(iban))
            case (_, let .object(children)):
                if field.name == "professional" {
                    lines.append(pad + "professional:")
                    leaf("isProfessional", path: path + ".isProfessional", kind: .boolean, required: true, indent: indent + 1)
                    lines.append(pad + "  # classification, declarations, signature, meta: required when isProfessional is true")
                    return
                }
                lines.append(pad + field.name + ":")
                for child in children { writeField(child, path: path + "." + child.name, indent: indent + 1) }
            case (_, let .value(kind)), (_, let .array(kind)):
                leaf(field.name, path: path, kind: kind, required: field.requirement == .required, indent: indent,
                     split: { if case .array = field.shape { true } else { false } }())
            case (_, .list):
                return
            }
        }

        mutating func leaf(_ name: String, path: String, kind: ValueKind, required: Bool, indent: Int, split: Bool = false) {
            let pad = String(repeating: "  ", count: indent)
            guard let match = matches[path] else {
                if required {
                    lines.append(pad + "\(name): TODO   # required: no column matched; name a column or write { const: … }")
                    decisions.append(Decision(path: path, column: nil, confidence: 0))
                } else {
                    lines.append(pad + "# \(name):")
                }
                return
            }
            decisions.append(Decision(path: path, column: match.column, confidence: match.confidence))
            let (leafText, dateCheck) = leafValue(match.column, kind: kind)
            var value = leafText
            if split {
                // `Telefon`, `Telefon2`, `Telefon 3`: numbered siblings become a list of leaves.
                let base = ColumnMatcher.key(match.column)
                let siblings = header.filter { column in
                    let key = ColumnMatcher.key(column)
                    return column != match.column && key.hasPrefix(base) && key.count > base.count
                        && key.dropFirst(base.count).allSatisfy(\.isNumber) && !matches.values.contains { $0.column == column }
                }
                for sibling in siblings { decisions.append(Decision(path: path, column: sibling, confidence: match.confidence)) }
                value = siblings.isEmpty ? "{ column: \(quote(match.column)), split: \(quote(separator(in: sampleValues(match.column)))) }"
                    : "[" + ([match.column] + siblings).map(quote).joined(separator: ", ") + "]"
            }
            lines.append(pad + "\(name): \(value)" + (dateCheck.map { "   # check: \($0)" } ?? checkComment(match)))
        }

        /// A column, with the date `format` or value `map` its sample values call for, and why a
        /// person must check it when the sample cannot decide.
        func leafValue(_ column: String, kind: ValueKind) -> (value: String, check: String?) {
            let values = sampleValues(column)
            switch kind {
            case .date, .timestamp:
                let order = exportEvidence.order
                let guess = DateFormatGuess.guess(for: values, order: order ?? .dmy, orderShown: order != nil)
                guard !guess.formats.isEmpty else { return (quote(column), guess.check) }
                let list = guess.formats.count == 1 ? quote(guess.formats[0]) : "[" + guess.formats.map(quote).joined(separator: ", ") + "]"
                return ("{ column: \(quote(column)), format: \(list) }", guess.check)
            case .docType, .verificationMethod, .salutation, .boolean, .booleanString:
                let table = EnumGuess.map(for: values, kind: kind, normalizer: normalizer)
                guard !table.isEmpty else { return (quote(column), nil) }
                let entries = table.map { "\(quote($0.key)): \($0.value)" }.joined(separator: ", ")
                return ("{ column: \(quote(column)), map: { \(entries) } }", nil)
            default:
                return (quote(column), nil)
            }
        }

        mutating func street(indent: Int) {
            let pad = String(repeating: "  ", count: indent)
            guard let street = matches["person.street"] else {
                lines.append(pad + "street: TODO   # required: no column matched; name a column or write { const: … }")
                decisions.append(Decision(path: "person.street", column: nil, confidence: 0))
                return
            }
            decisions.append(Decision(path: "person.street", column: street.column, confidence: street.confidence))
            if let number = matches["houseNumber"] {
                decisions.append(Decision(path: "houseNumber", column: number.column, confidence: number.confidence))
                lines.append(pad + "street: \(quote("{\(street.column)} {\(number.column)}"))" + checkComment(street))
            } else {
                lines.append(pad + "street: \(quote(street.column))" + checkComment(street))
            }
        }

        func min(_ a: ColumnMatcher.Match, _ b: ColumnMatcher.Match) -> ColumnMatcher.Match {
            a.confidence <= b.confidence ? a : b
        }

        func checkComment(_ match: ColumnMatcher.Match) -> String {
            match.confidence >= MappingScaffold.certain ? "" : String(format: "   # check: matched column \"%@\" with confidence %.2f", match.column, match.confidence)
        }

        func sampleValues(_ column: String) -> [String] {
            guard let index = header.firstIndex(of: column) else { return [] }
            return samples.compactMap { index < $0.count ? $0[index].trimmingCharacters(in: .whitespaces) : nil }.filter { !$0.isEmpty }
        }

        /// The export's numeric date order as every matched date column's values show it: DMY
        /// unless they show month-first only.
        var exportDateOrder: Settings.DateOrder {
            exportEvidence.order ?? .dmy
        }

        var exportEvidence: DateFormatGuess.Evidence {
            var evidence = DateFormatGuess.Evidence()
            for (path, field) in matches where Builder.datePaths.contains(path) {
                evidence.merge(DateFormatGuess.Evidence(sampleValues(field.column)))
            }
            return evidence
        }

        static let datePaths: Set<String> = [
            "person.birthDate", "person.idDocument.issueDate", "person.idDocument.expireDate", "events.date", "modified",
            "person.verification.approveTime", "person.verification.updateTime", "person.compliance.pepChecked",
            "person.compliance.sanctionChecked",
        ]

        func dateOrder() -> String {
            exportDateOrder.rawValue
        }

        /// The separator the values of an array column use: the most frequent of `,` `;` `|` `/`, else `,`.
        func separator(in values: [String]) -> String {
            let candidates = [",", ";", "|", "/"]
            let counts = candidates.map { candidate in values.reduce(0) { $0 + $1.components(separatedBy: candidate).count - 1 } }
            guard let best = counts.max(), best > 0, let index = counts.firstIndex(of: best) else { return "," }
            return candidates[index]
        }

        /// Columns no field took, for a comment at the end: a person sees what was left behind.
        func unmatchedColumns() -> [String] {
            var used = Set(decisions.compactMap(\.column))
            for match in matches.values { used.insert(match.column) }
            return header.filter { !used.contains($0) && !$0.isEmpty }
        }

        /// `phone_country` from the address countries of the sample: their one calling code, or
        /// `address` when customers live in several countries; "+49" when no country column matched.
        func phoneCountryLine() -> String {
            guard let column = matches["person.country"] else { return "  phone_country: \"+49\"" }
            var countries: [String] = []
            for value in sampleValues(column.column) {
                if let code = Countries.code(for: value, nationality: false, aliases: [:]), !countries.contains(code) { countries.append(code) }
            }
            if countries.count > 1 {
                return "  phone_country: address          # check: customers live in \(countries.count) countries (\(countries.prefix(5).joined(separator: ", "))); "
                    + "a national number takes its address country's code"
            }
            if let only = countries.first, let code = CallingCodes.byCountry[only] {
                return "  phone_country: \"+\(code)\"" + (only == "DE" ? "" : "             # check: every sampled address is in \(only)")
            }
            return "  phone_country: \"+49\"           # check: the calling code for national numbers"
        }

        /// Vendors in the sample that are not built in, for `settings.vendors`.
        func extraVendors() -> [String]? {
            guard let vendor = matches["person.verification.vendor"] else { return nil }
            let known = Set(ValueKind.builtInVendors)
            var seen: [String] = []
            for value in sampleValues(vendor.column) {
                let upper = value.uppercased().filter { $0.isLetter || $0.isNumber }
                if !known.contains(upper), !seen.contains(upper), !upper.isEmpty { seen.append(upper) }
            }
            return seen.count <= 5 ? seen : nil
        }

        /// Columns that hold questionnaire answers: `AE1`, `Frage_3`, `Erfahrung_Aktien` …
        func questionColumns() -> [(name: String, column: String)] {
            let used = Set(matches.values.map(\.column))
            let prefixes = ["frage", "question", "erfahrung", "kenntnis", "experience", "knowledge", "anlageziel", "anlagehorizont", "risiko",
                            "risk", "investmentobjective", "investmenthorizon", "investmentexperience", "suitability", "appropriateness", "ae", "q"]
            return header.compactMap { column in
                guard !used.contains(column) else { return nil }
                let key = ColumnMatcher.key(column)
                guard let prefix = prefixes.first(where: { key.hasPrefix($0) }) else { return nil }
                if prefix.count <= 2, !key.dropFirst(prefix.count).allSatisfy(\.isNumber) { return nil }
                let parts = column.split(whereSeparator: { $0 == "_" || $0 == " " || $0 == "-" })
                let name = parts.count > 1 ? String(parts.last ?? Substring(column)) : column
                return (name, column)
            }
        }
    }
}

/// Quotes a YAML scalar when it needs it.
func quote(_ text: String) -> String {
    let plain = !text.isEmpty && text.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" || $0 == "." }
        && !["true", "false", "yes", "no", "on", "off", "null", "y", "n", "~"].contains(text.lowercased())
        && !(text.first?.isNumber ?? false) && text != "TODO"
    if plain { return text }
    return "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
}
