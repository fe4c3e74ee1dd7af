import Foundation

/// Writes the scaffold's lines: the `input` and `settings` blocks, the customer's fields in the
/// schema's order (`ScaffoldWriter+Fields`), the questionnaire and attachment lists, and the
/// columns no field took.
struct ScaffoldWriter {
    let sample: ExportSample
    let matches: [String: ColumnMatcher.Match]
    /// Settings as the scaffold proposes them, which every line's trial reads with.
    let settings: Settings
    let normalizer: Normalizer
    let phoneCountry: PhoneCountryChoice
    let vendors: [String]
    var lines: [String] = []
    var decisions: [MappingScaffold.Decision] = []
    /// What the export's date columns show of their day and month order, gathered once.
    let dateEvidence: DateFormatGuess.Evidence

    init(sample: ExportSample) {
        self.sample = sample
        matches = ColumnMatcher.match(columns: sample.columns.filter(\.canBeNamed).map { ($0.index, $0.name) })
        var settings = Settings()
        dateEvidence = ScaffoldWriter.exportEvidence(matches, sample)
        settings.dateOrder = dateEvidence.order ?? .dmy
        phoneCountry = ScaffoldWriter.phoneCountry(matches, sample)
        if phoneCountry.value == "address" {
            settings.phoneCountryFromAddress = true
        } else {
            settings.phoneCountry = phoneCountry.value.filter { $0 != "\"" }
        }
        vendors = ScaffoldWriter.extraVendors(matches, sample)
        settings.vendors = vendors
        self.settings = settings
        let today = Converter.wallClock(in: TimeZone(identifier: settings.timezone) ?? .current).date
        normalizer = Normalizer(settings: settings, asOf: today)
    }

    mutating func write(inputName: String, namesHeaderRow: Bool) {
        lines.append("# Mapping scaffold for \(Self.commentName(inputName)), written by reliance-convert init.")
        lines.append("# Check every line marked \"check\", replace every TODO, then run `reliance-convert validate`.")
        lines.append("version: 1")
        var input: [String] = []
        if let delimiter = sample.delimiter {
            let shown = delimiter == 0x09 ? "\"\\t\"" : YAMLText.quoted(String(decoding: [delimiter], as: UTF8.self))
            input += ["delimiter: \(shown)", "encoding: auto"]
        }
        if sample.sheets.count > 1, let sheet = sample.sheet { input.append("sheet: \(YAMLText.quoted(sheet))") }
        let headerRow = sample.rowsAboveHeader > 0 || namesHeaderRow ? sample.headerRow : nil
        if let headerRow { input.append("header_row: \(headerRow)") }
        if !input.isEmpty {
            lines.append("input: { " + input.joined(separator: ", ") + " }"
                         + (headerRow != nil && !namesHeaderRow ? "   # check: the header was found on row \(sample.headerRow), the rows above it are skipped" : ""))
        }
        lines.append("settings:")
        lines.append("  timezone: Europe/Berlin")
        lines.append("  date_order: \(settings.dateOrder.rawValue)")
        lines.append("  phone_country: \(phoneCountry.value)" + comment(phoneCountry.check.map { [$0] } ?? []))
        lines.append("  attachments: attachments        # relative to this file; --attachments overrides")
        if !vendors.isEmpty {
            lines.append("  vendors: [\(vendors.map(YAMLText.scalar).joined(separator: ", "))]   # check: vendors found in the data that are not built in")
        }
        lines.append("customer:")
        leaf("id", path: "id", kind: .text, required: true, indent: 1)
        leaf("modified", path: "modified", kind: .timestamp, required: false, indent: 1)
        lines.append("  person:")
        for field in RelianceSchema.person {
            writeField(field, path: "person." + field.name, indent: 2)
        }
        writeSurveys()
        writeEvents()
        writeUnmatched()
    }

    mutating func writeSurveys() {
        lines.append("  investmentSurveys:")
        lines.append("    - standard_questionnaire:")
        lines.append("        question:")
        let questions = questionColumns()
        if questions.isEmpty {
            lines.append("          - { name: { const: TODO }, value: TODO }   # required: one item per question column")
            decisions.append(MappingScaffold.Decision(path: "investmentSurveys.question", column: nil, confidence: 0))
        }
        for (name, column) in questions {
            lines.append("          - { name: { const: \(YAMLText.scalar(name)) }, value: \(YAMLText.scalar(column)) }")
            decisions.append(MappingScaffold.Decision(path: "investmentSurveys.question", column: column, confidence: 0.8))
        }
    }

    mutating func writeEvents() {
        guard let file = matches["events.file"] else {
            lines.append("  # events:                       # attachments: no file column found")
            lines.append("  #   - { file: COLUMN, subject: { const: Identification }, category: { const: KYC } }")
            return
        }
        lines.append("  events:")
        var item = "    - { file: \(YAMLText.scalar(file.column))"
        var checks = confidenceCheck(file)
        decisions.append(MappingScaffold.Decision(path: "events.file", column: file.column, confidence: file.confidence))
        if let date = matches["events.date"] {
            let proposal = propose(date, kind: .date(.past))
            item += ", date: \(proposal.value)"
            checks += proposal.checks
            decisions.append(MappingScaffold.Decision(path: "events.date", column: date.column, confidence: date.confidence,
                                                      check: proposal.checks.isEmpty ? nil : proposal.checks.joined(separator: "; ")))
        }
        lines.append(item + ", subject: { const: Identification }, category: { const: KYC } }" + comment(checks))
    }

    /// Columns no field took, at the end: a person sees what was left behind. Columns without a
    /// name, or whose name repeats, are named by position: a mapping cannot name them.
    mutating func writeUnmatched() {
        // Only the columns a written line names: a matched column that no line took (a middle name
        // without a forename, a job-title column left out) is listed, never dropped unseen.
        let used = Set(decisions.compactMap(\.column))
        var listed: [String] = []
        var repeated: [String: [Int]] = [:]
        for column in sample.columns {
            if column.canBeNamed {
                if !used.contains(column.name) { listed.append(Self.commentName(column.name)) }
            } else if column.name.isEmpty {
                listed.append("column \(column.index + 1) (no name)")
            } else {
                if repeated[column.name] == nil { listed.append(column.name) }
                repeated[column.name, default: []].append(column.index + 1)
            }
        }
        listed = listed.map { name in
            guard let positions = repeated[name] else { return name }
            return YAMLText.quoted(name) + " (columns \(positions.map(String.init).joined(separator: ", ")): the name repeats, so a mapping cannot name them)"
        }
        guard !listed.isEmpty else { return }
        lines.append("# Columns no field took (map them where they belong, or leave them out):")
        for name in listed { lines.append("#   \(name)") }
    }

    /// A column name as a comment shows it: as it is when that is safe, else quoted and escaped.
    static func commentName(_ name: String) -> String {
        name.unicodeScalars.contains(where: YAMLText.needsEscape) ? YAMLText.quoted(name) : name
    }

    /// `   # check: …` for the reasons given, or nothing. A reason quotes values from the export,
    /// escaped; anything unsafe left is escaped here, so a comment stays one line of plain text.
    func comment(_ checks: [String]) -> String {
        checks.isEmpty ? "" : "   # check: " + Self.oneLine(checks.joined(separator: "; "))
    }

    static func oneLine(_ text: String) -> String {
        YAMLText.visible(text).replacingOccurrences(of: "\n", with: "\\n")
    }

    func confidenceCheck(_ match: ColumnMatcher.Match) -> [String] {
        match.confidence >= MappingScaffold.certain ? []
            : [String(format: "matched column %@ with confidence %.2f", YAMLText.quoted(match.column), match.confidence)]
    }
}
