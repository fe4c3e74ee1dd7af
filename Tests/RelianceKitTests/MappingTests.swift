import Foundation
import Testing
@testable import RelianceKit

/// Writes `yaml` to a temporary mapping file and binds it to `header`.
func bindMapping(_ yaml: String, header: [String]) throws -> Mapping {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("mapping-\(UUID().uuidString).yaml")
    try Data(yaml.utf8).write(to: url)
    defer { try? FileManager.default.removeItem(at: url) }
    return try MappingFile(path: url.path).bind(header: header)
}

func mappingErrors(_ yaml: String, header: [String]) -> [String] {
    do {
        _ = try bindMapping(yaml, header: header)
        return []
    } catch let error as MappingError {
        return error.diagnostics.map { diagnostic in
            let position = diagnostic.position.map { "\($0.line):\($0.column): " } ?? ""
            return position + diagnostic.message
        }
    } catch {
        return ["\(error)"]
    }
}

let fullHeader = RowHarness.base.map(\.0)

func fullMapping() throws -> String {
    let path = try require(Bundle.module.path(forResource: "full-mapping", ofType: "yaml", inDirectory: "Fixtures"))
    return try String(contentsOfFile: path, encoding: .utf8)
}

@Suite("Mapping file")
struct MappingTests {
    @Test("the full fixture binds without errors")
    func bindsFixture() throws {
        #expect(mappingErrors(try fullMapping(), header: fullHeader) == [])
    }

    @Test("a column the header lacks names line and column and suggests the nearest column")
    func columnTypo() throws {
        let yaml = try fullMapping().replacingOccurrences(of: "birthDate: Geburtsdatum", with: "birthDate: Geburtsdatm")
        let errors = mappingErrors(yaml, header: fullHeader)
        #expect(errors == ["18:16: no column \"Geburtsdatm\" in the header; did you mean \"Geburtsdatum\"?"])
    }

    @Test("a plain string that names no column but looks like a constant suggests const:")
    func constantSuggestion() throws {
        let yaml = try fullMapping().replacingOccurrences(of: "city: Ort", with: "city: Berlin-Charlottenburg")
        let errors = mappingErrors(yaml, header: fullHeader)
        #expect(errors == ["16:11: no column \"Berlin-Charlottenburg\" in the header; for a fixed value write { const: \"Berlin-Charlottenburg\" }"])
    }

    @Test("an unknown target field is named with a suggestion")
    func unknownField() throws {
        let yaml = try fullMapping().replacingOccurrences(of: "foreName: Vorname", with: "forename: Vorname")
        let errors = mappingErrors(yaml, header: fullHeader)
        #expect(errors.contains("12:5: unknown field \"forename\" in customer.person; did you mean \"foreName\"?"))
        #expect(errors.count == 2)
        #expect(errors.contains { $0.contains("required field customer.person.foreName is not mapped") })
    }

    @Test("a template placeholder must name a column")
    func templateColumn() throws {
        let yaml = try fullMapping().replacingOccurrences(of: "\"{Strasse} {Hausnr}\"", with: "\"{Strase} {Hausnr}\"")
        #expect(mappingErrors(yaml, header: fullHeader).first?.contains("no column \"Strase\" in the header; did you mean \"Strasse\"?") == true)
    }

    @Test("a list inside columns, or a nested vendors entry, is a mapping error, not a silent leaf")
    func nestedLists() throws {
        let columns = try fullMapping().replacingOccurrences(of: "foreName: Vorname", with: "foreName: { columns: [[Vorname]] }")
        #expect(mappingErrors(columns, header: fullHeader).contains { $0.contains("each entry of columns must be a column name") })
        let vendors = try fullMapping().replacingOccurrences(of: "vendors: [POSTIDENT]", with: "vendors: [[POSTIDENT]]")
        let errors = mappingErrors(vendors, header: fullHeader)
        #expect(errors.contains { $0.contains("each entry of `vendors` must be a vendor name") }, "\(errors)")
        let table = try fullMapping().replacingOccurrences(of: "vendors: [POSTIDENT]", with: "vendors: { a: POSTIDENT }")
        #expect(mappingErrors(table, header: fullHeader).contains { $0.contains("`vendors` must be a list of vendor names") })
    }

    @Test("a duplicate key in a large mapping is named in one short line")
    func duplicateKeyBrief() throws {
        let yaml = try fullMapping().replacingOccurrences(of: "foreName: Vorname", with: "foreName: Vorname\n    foreName: Vorname")
            + "\n# " + String(repeating: "x", count: 200_000) + "\n"
        let errors = mappingErrors(yaml, header: fullHeader)
        #expect(errors.count == 1)
        #expect(errors.first?.contains("duplicate key foreName") == true, "\(errors)")
        #expect((errors.first?.count ?? 0) < 200)
    }

    @Test("bad YAML stops with its position")
    func badYAML() {
        let errors = mappingErrors("version: 1\ncustomer:\n  id: [unclosed\n", header: ["A"])
        #expect(errors.count == 1)
        #expect(errors.first?.contains("invalid YAML") == true)
        #expect(errors.first?.hasPrefix("4:") == true || errors.first?.hasPrefix("3:") == true)
    }

    @Test("leaf objects need exactly one source and known modifiers")
    func leafObjects() throws {
        let several = try fullMapping().replacingOccurrences(of: "city: Ort", with: "city: { column: Ort, const: Berlin }")
        #expect(mappingErrors(several, header: fullHeader).first?.contains("has several sources (column, const); keep one") == true)
        let unknown = try fullMapping().replacingOccurrences(of: "city: Ort", with: "city: { column: Ort, fromat: x }")
        #expect(mappingErrors(unknown, header: fullHeader).first?.contains("unknown key \"fromat\" in customer.person.city; did you mean \"format\"?") == true)
        let badPattern = try fullMapping().replacingOccurrences(of: "birthDate: Geburtsdatum", with: "birthDate: { column: Geburtsdatum, format: \"dd.MM\" }")
        #expect(mappingErrors(badPattern, header: fullHeader).first?.contains("a date pattern needs a year") == true)
    }

    @Test("settings are checked")
    func settings() throws {
        let yaml = try fullMapping()
            .replacingOccurrences(of: "timezone: Europe/Berlin", with: "timezone: Europe/Berlinn")
            .replacingOccurrences(of: "date_order: DMY", with: "date_order: DDMMYY")
        let errors = mappingErrors(yaml, header: fullHeader)
        #expect(errors.contains { $0.contains("unknown time zone \"Europe/Berlinn\"") })
        #expect(errors.contains { $0.contains("date_order must be DMY, MDY or YMD") })
    }

    @Test("person.type takes no mapping other than 0")
    func typeIsFixed() throws {
        let constant = try fullMapping().replacingOccurrences(of: "    precheckPep: Vorpruefung", with: "    type: { const: 0 }\n    precheckPep: Vorpruefung")
        #expect(mappingErrors(constant, header: fullHeader) == [])
        let other = try fullMapping().replacingOccurrences(of: "    precheckPep: Vorpruefung", with: "    type: { const: 1 }\n    precheckPep: Vorpruefung")
        #expect(mappingErrors(other, header: fullHeader).first?.contains("customer.person.type is always 0") == true)
    }

    @Test("every leaf form reads its value; values and value-table keys YAML would type (numbers, yes, null, dates) are read as written", arguments: [
        ("{ column: A }", ["a", "b", ""], "a"), ("\"{A}-{B}\"", ["a", "b", ""], "a-b"), ("\"{{{A}}}\"", ["a", "b", ""], "{a}"),
        ("{ const: fest }", ["a", "b", ""], "fest"), ("{ columns: [A, C, B], join: \"/\" }", ["a", "b", ""], "a/b"),
        ("{ column: C, default: leer }", ["a", "b", ""], "leer"), ("{ column: A, map: { A: Alpha } }", ["a", "b", ""], "Alpha"),
        ("{ template: \"{C}{C}\" }", ["a", "b", ""], ""),
        ("{ const: 0012 }", [], "0012"), ("{ const: 1e3 }", [], "1e3"), ("{ const: yes }", [], "yes"), ("{ const: ~ }", [], "~"),
        ("{ const: 2026-01-15 }", [], "2026-01-15"), ("{ column: A, map: { 1: eins, yes: ja, ~: nichts } }", ["1"], "eins"),
        ("{ column: A, map: { 1: eins, yes: ja, ~: nichts } }", ["yes"], "ja"), ("{ column: A, map: { 1: eins, yes: ja, ~: nichts } }", ["~"], "nichts"),
    ])
    func leafForms(_ leafYAML: String, _ row: [String], _ expected: String) throws {
        let mapping = try bindMapping("version: 1\ncustomer:\n  id: \(leafYAML)\n", headerless: true)
        #expect(mapping.id.text(in: row) == expected)
    }

    @Test("a key written plain and quoted is one key, so a table holding both reports a duplicate")
    func plainAndQuotedKeys() {
        let errors = mappingErrors("version: 1\nsettings:\n  aliases:\n    salutation: { 1: Herr, \"1\": Frau }\ncustomer:\n  id: Kundennr\n",
                                   header: ["Kundennr"])
        #expect(errors == ["4:19: duplicate key 1: a key may appear once in each mapping"])
    }

    @Test("uuid5 ids are stable name-based UUIDs")
    func uuid5() throws {
        let mapping = try bindMapping("version: 1\ncustomer:\n  id: { uuid5: [A, B] }\n", headerless: true)
        let evaluator = RowEvaluator(mapping: mapping, normalizer: Normalizer(settings: mapping.settings, asOf: CivilDate(year: 2026, month: 1, day: 1)!))
        let id = mapping.id.text(in: ["a", "b", ""])
        #expect(id == mapping.id.text(in: ["a", "b", "x"]))
        #expect(id != mapping.id.text(in: ["a", "c", ""]))
        #expect(id.count == 36)
        #expect(Array(id)[14] == "5")
        // RFC 4122 test vector: uuid5(DNS namespace, "python.org").
        let dns: [UInt8] = [0x6b, 0xa7, 0xb8, 0x10, 0x9d, 0xad, 0x11, 0xd1, 0x80, 0xb4, 0x00, 0xc0, 0x4f, 0xd4, 0x30, 0xc8]
        #expect(SHA.uuid5(namespace: dns, name: "python.org") == "886313e1-3b8a-5372-9b90-0c9aee199e5d")
        #expect(SHA.hex(SHA.sha256(Array("abc".utf8))) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        let hasher = SHA.SHA256Hasher()
        Array("ab".utf8).withUnsafeBytes { hasher.update(buffer: $0) }
        Array("c".utf8).withUnsafeBytes { hasher.update(buffer: $0) }
        #expect(hasher.finalizeHex() == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }
}

/// Binds a mapping that only needs `customer.id` (required-field checks are not the point).
func bindMapping(_ yaml: String, headerless: Bool) throws -> Mapping {
    do {
        return try bindMapping(yaml, header: ["A", "B", "C"])
    } catch let error as MappingError {
        // Only "not mapped" complaints are expected here.
        let others = error.diagnostics.filter { !$0.message.contains("is not mapped") }
        guard others.isEmpty else { throw error }
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("mapping-\(UUID().uuidString).yaml")
        try Data(yaml.utf8).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        var reader = MappingReader(file: url.path, header: ["A", "B", "C"])
        let file = try MappingFile(path: url.path)
        let id = try require(file.root["customer"]?.mapping?["id"])
        let leaf = try require(reader.readLeaf(id, path: "customer.id", allowUUID: true))
        return Mapping(file: url.path, input: InputSettings(), settings: Settings(), id: leaf,
                       customer: ObjectMapping(fields: [:], position: SourcePosition(line: 1, column: 1)))
    }
}
