import Foundation
import Testing
@testable import RelianceKit

/// How `init` finds and names the header: a metadata line above it, repeated and empty names,
/// Excel's trailing delimiter, `--header-row`, names holding control characters, very wide files.
@Suite("init reads the header")
struct ScaffoldHeaderTests {
    static let datev = """
    "EXTF";700;16;"Debitoren/Kreditoren";5;20240130140440439;;"RE";"";"";1001;12345;20240101;4;;;"";"";;0;;;;
    Konto;Name (Adressatentyp natürl. Person);Vorname (Adressatentyp natürl. Person);Leerfeld;Anrede;Leerfeld;Straße;Postleitzahl;Ort;Land;IBAN-Nr. 1;Leerfeld
    10001;Muster;Anna;;Frau;;Hauptstraße 1;01067;Dresden;DE;DE89370400440532013000;
    10002;Meier;Beat;;Herr;;Bahnhofstraße 2;04109;Leipzig;DE;DE89370400440532013000;

    """

    @Test("a DATEV file: the metadata line is skipped, the repeated filler column is allowed and left unmapped")
    func datev() throws {
        let path = try writeExport(Self.datev)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let scaffold = try MappingScaffold.make(inputPath: path)
        #expect(scaffold.headerRow == 2)
        #expect(scaffold.yaml.contains("header_row: 2"))
        #expect(line(scaffold.yaml, "id").contains("Konto"), "\(scaffold.yaml)")
        #expect(line(scaffold.yaml, "foreName").contains("Vorname (Adressatentyp natürl. Person)"))
        #expect(!scaffold.decisions.contains { $0.column == "Leerfeld" })
        #expect(scaffold.yaml.contains("\"Leerfeld\" (columns 4, 6, 12"), "\(scaffold.yaml.suffix(600))")
    }

    @Test("Excel's trailing delimiter: an empty last header cell with nothing under it is ignored")
    func trailingDelimiter() throws {
        let path = try writeExport("Kundennr;Vorname;Nachname;\r\n1;Anna;Muster;\r\n2;Beat;Meier;\r\n")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let scaffold = try MappingScaffold.make(inputPath: path)
        #expect(line(scaffold.yaml, "foreName").contains("Vorname"))
        #expect(!scaffold.yaml.contains("column 4"), "\(scaffold.yaml.suffix(300))")
    }

    @Test("an empty header name with values under it is named by position and left for a person")
    func emptyName() throws {
        let path = try writeExport("Kundennr;;Nachname\n1;x;Muster\n")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let scaffold = try MappingScaffold.make(inputPath: path)
        #expect(scaffold.yaml.contains("column 2 (no name)"), "\(scaffold.yaml.suffix(300))")
    }

    @Test("--header-row names the header's row")
    func headerRow() throws {
        let path = try writeExport("Kunden;Stand 01.03.2025\nKundennr;Vorname;Nachname\nNr;Vorname;Name\n1;Anna;Muster\n")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let scaffold = try MappingScaffold.make(inputPath: path, headerRow: 3)
        #expect(scaffold.headerRow == 3)
        #expect(scaffold.yaml.contains("header_row: 3"))
        #expect(line(scaffold.yaml, "surName").contains("Name"))
    }

    @Test("header names with control and bidi characters are escaped, and the mapping loads and binds")
    func controlCharacters() throws {
        let header = ["Kunden\u{1B}[31mnr", "Vor\u{07}name", "Nach\u{9B}name", "\u{202E}Land", "E-Mail\u{200B}"]
        let path = try writeExport(header.joined(separator: ";") + "\n1;Anna;Muster;DE;a@example.de\n")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let yaml = try MappingScaffold.make(inputPath: path).yaml
        let unsafe = yaml.unicodeScalars.filter { ($0.value < 0x20 && $0 != "\n") || (0x7F...0x9F).contains($0.value) || $0.properties.generalCategory == .format }
        #expect(unsafe.isEmpty, "raw characters in the YAML: \(unsafe.map { String($0.value, radix: 16) })")
        let mappingURL = FileManager.default.temporaryDirectory.appendingPathComponent("scaffold-\(UUID().uuidString).yaml")
        try Data(yaml.replacingOccurrences(of: "TODO", with: "{ const: x }").utf8).write(to: mappingURL)
        defer { try? FileManager.default.removeItem(at: mappingURL) }
        let file = try MappingFile(path: mappingURL.path)
        let inspection = try InputDetection.inspect(path)
        let opened = try InputDetection.openInput(path, settings: file.input, inspection: inspection)
        #expect(line(yaml, "foreName").contains("\\a"), "\(line(yaml, "foreName"))")
        do {
            _ = try file.bind(header: opened.source.header)
        } catch {
            // Only the constants standing in for TODO may be refused, never a column name.
            #expect(!error.diagnostics.contains { $0.message.contains("no column") }, "\(error.diagnostics.map(\.message))")
        }
    }

    @Test("values the comments quote cannot break their line: a newline or ESC in a cell is escaped there")
    func valuesInComments() throws {
        let path = try writeExport("Kundennr;Identifizierungsverfahren;Anrede\n1;\"Post\nident: x\u{1B}[2J\";\"7\n8\"\n2;Videoident;Herr\n")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let yaml = try MappingScaffold.make(inputPath: path).yaml
        #expect(!yaml.unicodeScalars.contains("\u{1B}"))
        #expect(yaml.contains("\"Post\\nident: x\\e[2J\""), "\(yaml)")
        let mappingURL = FileManager.default.temporaryDirectory.appendingPathComponent("scaffold-\(UUID().uuidString).yaml")
        try Data(yaml.utf8).write(to: mappingURL)
        defer { try? FileManager.default.removeItem(at: mappingURL) }
        // The YAML parses, and its lines are the scaffold's: no comment spilled onto a line of its own.
        _ = try MappingFile(path: mappingURL.path)
        #expect(!yaml.split(separator: "\n").contains { $0.hasPrefix("ident:") || $0.hasPrefix("8") })
    }

    @Test("ten thousand columns: every one is looked at once, and the known ones are matched")
    func wide() throws {
        var names = (1...10_000).map { "Merkmal \($0)" }
        names[0] = "Kundennr"
        names[9_999] = "Geburtsdatum"
        let path = try writeExport(names.joined(separator: ";") + "\n" + (1...10_000).map(String.init).joined(separator: ";") + "\n")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let scaffold = try MappingScaffold.make(inputPath: path)
        #expect(line(scaffold.yaml, "id").contains("Kundennr"))
        #expect(line(scaffold.yaml, "birthDate").contains("Geburtsdatum"))
    }
}
