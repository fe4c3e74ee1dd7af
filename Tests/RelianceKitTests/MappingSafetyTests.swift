import Foundation
import Testing
@testable import RelianceKit

/// The mapping stops at load, naming line and column, for what would otherwise send wrong values
/// or take the run's time and memory: unknown pattern letters, value-table keys that collide once
/// matched case-insensitively, and a mapping's size, aliases, placeholders and error output.
@Suite("Mapping safety")
struct MappingSafetyTests {
    /// The error `yaml` stops with as `convert` prints it: `file:line:col: error: …` lines.
    static func printed(_ yaml: String, header: [String] = fullHeader) throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("mapping-\(UUID().uuidString).yaml")
        try Data(yaml.utf8).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        do {
            _ = try MappingFile(path: url.path).bind(header: header)
            return ""
        } catch {
            return error.description.replacingOccurrences(of: url.path, with: "mapping.yaml")
        }
    }

    @Test("an unknown pattern letter stops the load at the format that holds it")
    func unknownPatternLetter() throws {
        let yaml = try fullMapping().replacingOccurrences(
            of: "birthDate: Geburtsdatum", with: "birthDate: { column: Geburtsdatum, format: [\"dd.MM.yyyy\", \"dd.MM.yyyy hh:mm x\"] }")
        #expect(mappingErrors(yaml, header: fullHeader) == [
            "18:63: format \"dd.MM.yyyy hh:mm x\": x is not a pattern letter; the letters are y M d H h m s a, and other text goes in quotes ('x')",
        ])
        let single = try fullMapping().replacingOccurrences(of: "approveTime: Freigabe", with: "approveTime: { column: Freigabe, format: \"dd.MM.yyyy hh:mm a\" }")
        #expect(mappingErrors(single, header: fullHeader) == [])
        let notText = try fullMapping().replacingOccurrences(of: "approveTime: Freigabe", with: "approveTime: { column: Freigabe, format: [[dd.MM.yyyy]] }")
        #expect(mappingErrors(notText, header: fullHeader) == ["34:49: each format must be a date pattern such as \"dd.MM.yyyy\", not a list or a mapping"])
    }

    @Test("value-table keys that are one key case-insensitively but give different values stop the load naming both lines", arguments: [
        ("      docType:\n        column: Ausweisart\n        map:\n          Personalausweis: IDCARD\n          personalausweis: PASSPORT\n",
         "31:11: \"personalausweis\" and \"Personalausweis\" (line 30) are one key, since a value table matches keys case-insensitively, but give different values (PASSPORT, IDCARD); keep one"),
        ("      docType:\n        column: Ausweisart\n        map: { Reisepass: PASSPORT, \" REISEPASS\": IDCARD }\n",
         "29:37: \" REISEPASS\" and \"Reisepass\" (line 29) are one key, since a value table matches keys case-insensitively, but give different values (IDCARD, PASSPORT); keep one"),
    ])
    func valueTableCollisions(_ docType: String, _ error: String) throws {
        let yaml = try fullMapping().replacingOccurrences(of: "      docType: Ausweisart\n", with: docType)
        #expect(mappingErrors(yaml, header: fullHeader) == [error])
    }

    @Test("alias keys that collide case-insensitively stop the load; spellings that agree are allowed")
    func aliasCollisions() throws {
        let colliding = try fullMapping().replacingOccurrences(
            of: "  vendors: [POSTIDENT]\n", with: "  vendors: [POSTIDENT]\n  aliases:\n    salutation:\n      H: Herr\n      h: Frau\n")
        #expect(mappingErrors(colliding, header: fullHeader) == [
            "9:7: \"h\" and \"H\" (line 8) are one key, since a value table matches keys case-insensitively, but give different values (Frau, Herr); keep one",
        ])
        let agreeing = try fullMapping().replacingOccurrences(
            of: "      docType: Ausweisart\n", with: "      docType: { column: Ausweisart, map: { Personalausweis: IDCARD, PERSONALAUSWEIS: IDCARD } }\n")
        #expect(mappingErrors(agreeing, header: fullHeader) == [])
    }

    @Test("a mapping larger than 1 MiB is refused before it is parsed")
    func fileSize() throws {
        let yaml = try fullMapping() + "# " + String(repeating: "x", count: 1 << 20) + "\n"
        #expect(try Self.printed(yaml) == "mapping.yaml: error: cannot read the mapping file: it is larger than 1 MiB, which no mapping is")
        #expect(mappingErrors(try fullMapping() + "# " + String(repeating: "x", count: 1_000_000) + "\n", header: fullHeader) == [])
    }

    @Test("YAML aliases are refused at the alias, before they can expand")
    func aliases() throws {
        // Each level nine times the one before: expanded as keys, this took 17 s before aliases were refused.
        var bomb = "version: 1\na: &a [\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\"]\n"
        for (level, previous) in zip(["b", "c", "d", "e", "f", "g"], ["a", "b", "c", "d", "e", "f"]) {
            bomb += "\(level): &\(level) [" + Array(repeating: "*\(previous)", count: 9).joined(separator: ",") + "]\n"
        }
        bomb += "h: { *g: 1, [*g]: 2, [[*g]]: 3 }\ncustomer:\n  id: Nr\n"
        #expect(try Self.printed(bomb) == "mapping.yaml:3:8: error: *a is a YAML alias; a mapping does not read aliases, which can expand a few bytes into millions of values: write the value out")
        let shared = try fullMapping()
            .replacingOccurrences(of: "issueDate: Ausgestellt", with: "issueDate: { column: Ausgestellt, format: &german [dd.MM.yyyy, dd.MM.yy] }")
            .replacingOccurrences(of: "expireDate: Ablauf", with: "expireDate: { column: Ablauf, format: *german }")
        #expect(mappingErrors(shared, header: fullHeader).first?.hasPrefix("31:45: *german is a YAML alias") == true)
        // `&` and `*` in text are no aliases; text holding `&name` and `*name` both is taken for one (see YAMLAliases).
        let text = try fullMapping().replacingOccurrences(of: "{ const: Identification }", with: "{ const: \"Ident & Co *wichtig* &Partner\" }")
        #expect(mappingErrors(text, header: fullHeader) == [])
    }

    @Test("a template holds at most 100 placeholders, reported once")
    func placeholders() throws {
        let hundred = String(repeating: "{Vorname}", count: 100)
        #expect(mappingErrors(try fullMapping().replacingOccurrences(of: "\"{Strasse} {Hausnr}\"", with: "\"\(hundred)\""), header: fullHeader) == [])
        let many = String(repeating: "{Vorname}", count: 20_000)
        #expect(mappingErrors(try fullMapping().replacingOccurrences(of: "\"{Strasse} {Hausnr}\"", with: "\"\(many)\""), header: fullHeader)
            == ["14:13: the template has 20000 placeholders; a template may have at most 100"])
        let unknown = (0..<100_000).map { "{S\($0)}" }.joined()
        let errors = try Self.printed(try fullMapping().replacingOccurrences(of: "\"{Strasse} {Hausnr}\"", with: "\"\(unknown)\""))
        #expect(errors == "mapping.yaml:14:13: error: the template has 100000 placeholders; a template may have at most 100")
    }

    @Test("a mapping's errors are printed up to 50, then counted")
    func errorOutput() throws {
        var yaml = "version: 1\ncustomer:\n  id: Nr\n  investmentSurveys:\n    - standard_questionnaire:\n        question:\n"
        for index in 0..<300 { yaml += "          - { name: Frage\(index), value: Antwort\(index) }\n" }
        let lines = try Self.printed(yaml).split(separator: "\n")
        #expect(lines.count == 51)
        #expect(lines.first?.hasPrefix("mapping.yaml:7:21: error: no column \"Frage0\" in the header") == true)
        let last = String(lines.last ?? "")
        #expect(last.hasPrefix("mapping.yaml: ... and "), "\(last)")
        #expect(last.hasSuffix(" more errors"))
        let more = Int(last.dropFirst("mapping.yaml: ... and ".count).prefix { $0.isNumber }) ?? 0
        #expect(more >= 550)
        #expect(lines.allSatisfy { $0.utf8.count < 400 })
    }
}
