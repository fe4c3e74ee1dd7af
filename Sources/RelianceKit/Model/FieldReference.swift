import Foundation
/// The reference of every payload field, generated from the schema table: what `fields` prints
/// and what the README's field table is made of.
public enum FieldReference {
    public struct Row: Sendable, Equatable {
        public let path: String
        public let type: String
        public let rule: String
        public let values: String
        public let note: String
    }

    public static func rows() -> [Row] {
        RelianceSchema.leaves().map { path, field in
            let kind: ValueKind
            var type: String
            switch field.shape {
            case let .value(value): kind = value; type = value.displayName
            case let .array(value): kind = value; type = "array of " + value.displayName
            default: kind = .text; type = "?"
            }
            if case .date = kind { type = "date YYYY-MM-DD" }
            if kind == .timestamp { type = "timestamp YYYY-MM-DDTHH:mm:ss" }
            return Row(path: path, type: type, rule: rule(field.requirement), values: allowedValues(kind), note: field.summary)
        }
    }

    static func rule(_ requirement: Field.Requirement) -> String {
        switch requirement {
        case .required: "required"
        case .optional: "optional"
        case .whenProfessional: "required if isProfessional"
        case let .whenTrue(flag): "required if \(flag) is true"
        case .generated: "generated"
        }
    }

    static func allowedValues(_ kind: ValueKind) -> String {
        switch kind {
        case .docType, .verificationMethod: (kind.vocabulary ?? []).joined(separator: ", ")
        case .vendor: (ValueKind.builtInVendors + ["settings.vendors"]).joined(separator: ", ")
        case .salutation: (kind.vocabulary ?? []).joined(separator: ", ")
        case .title: "Dr., Prof., Prof. Dr."
        case .booleanString: "True, False"
        case .boolean: "true, false"
        case .zero: "0"
        case .country, .nationality, .issuingCountry: "ISO 3166-1 alpha-2"
        case .currency: "ISO 4217"
        case .phone: "+ and 6–15 digits"
        case .key: "1–128 of A–Z a–z 0–9 _ - ."
        default: ""
        }
    }

    /// The table as Markdown, as the README shows it.
    public static func markdown() -> String {
        var lines = ["| field | type | rule | values | note |", "| --- | --- | --- | --- | --- |"]
        for row in rows() {
            lines.append("| `\(row.path)` | \(row.type) | \(row.rule) | \(row.values) | \(row.note) |")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The rows whose path contains `filter` (ignoring case), or every row.
    public static func rows(matching filter: String?) -> [Row] {
        guard let filter, !filter.isEmpty else { return rows() }
        return rows().filter { $0.path.range(of: filter, options: .caseInsensitive) != nil }
    }

    /// The rows as a JSON array of objects (`path`, `type`, `rule`, `values`, `note`), for tools.
    public static func json(_ rows: [Row]) -> String {
        let string = JSONWriter.quoted
        let objects = rows.map { row in
            "  { \"path\": \(string(row.path)), \"type\": \(string(row.type)), \"rule\": \(string(row.rule)), "
                + "\"values\": \(string(row.values)), \"note\": \(string(row.note)) }"
        }
        return "[\n" + objects.joined(separator: ",\n") + "\n]\n"
    }

    /// Every error and warning code with its meaning, as a Markdown table (docs/reference.md shows it).
    public static func errorCodesMarkdown() -> String {
        (["| code | meaning |", "| --- | --- |"] + FindingCode.allCases.map { "| `\($0.rawValue)` | \($0.meaning) |" })
            .joined(separator: "\n") + "\n"
    }

    /// The table as aligned text for a terminal.
    public static func text(_ all: [Row] = rows()) -> String {
        guard !all.isEmpty else { return "" }
        let widths = [all.map(\.path.count).max() ?? 0, all.map(\.type.count).max() ?? 0, all.map(\.rule.count).max() ?? 0]
        func padded(_ text: String, _ width: Int) -> String { text + String(repeating: " ", count: max(0, width - text.count)) }
        return all.map { row in
            var line = padded(row.path, widths[0]) + "  " + padded(row.type, widths[1]) + "  " + padded(row.rule, widths[2])
            if !row.values.isEmpty { line += "  [" + row.values + "]" }
            if !row.note.isEmpty { line += "  " + row.note }
            return line
        }.joined(separator: "\n") + "\n"
    }
}
