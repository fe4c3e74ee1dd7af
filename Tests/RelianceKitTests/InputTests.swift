import Foundation
import Testing
@testable import RelianceKit

func fixturePath(_ name: String) throws -> String {
    let base = try require(Bundle.module.resourcePath)
    return base + "/Fixtures/" + name
}

/// Reads a fixture as the converter does: inspect, choose the encoding, stream the rows.
func readInput(_ name: String, encoding setting: String = "auto") throws -> (encoding: String, header: [String], rows: [InputRow]) {
    let path = try fixturePath(name)
    let inspection = try InputDetection.inspect(path)
    let (encoding, description) = try InputDetection.chooseEncoding(setting, inspection, path: path)
    let source = try CSVRowSource(path: path, input: InputSettings(), encoding: encoding, chunkSize: 7)
    var rows: [InputRow] = []
    while let row = try source.next() { rows.append(row) }
    return (description, source.header, rows)
}

let expectedRows = [
    ["1", "Jürgen", "Müller", "Köln", "Preis 5 €"],
    ["2", "Zoë", "Œlschläger", "Straße 1", "„Zitat“ – Ende"],
    ["3", "Ånne", "Šimek", "Žilina", "Bemerkung; mit Semikolon"],
]

@Suite("Input encodings and broken files")
struct InputTests {
    @Test("every encoding reads as the UTF-8 original", arguments: [
        ("encodings/utf8.csv", "auto", "utf-8"),
        ("encodings/utf8-bom.csv", "auto", "utf-8 (byte order mark)"),
        ("encodings/utf8-lf.csv", "auto", "utf-8"),
        ("encodings/utf8-sep-line.csv", "auto", "utf-8"),
        ("encodings/utf16le-tab.txt", "auto", "utf-16le (byte order mark)"),
        ("encodings/utf16be-tab.txt", "auto", "utf-16be (byte order mark)"),
        ("encodings/utf16le-tab.txt", "utf-16", "utf-16le (byte order mark)"),
        ("encodings/windows1252.csv", "auto", "windows-1252 (detected: the input is not valid UTF-8)"),
        ("encodings/windows1252.csv", "windows-1252", "windows-1252"),
    ])
    func encodings(_ name: String, _ setting: String, _ detected: String) throws {
        let (encoding, header, rows) = try readInput(name, encoding: setting)
        #expect(encoding == detected)
        #expect(header == ["Kundennr", "Vorname", "Nachname", "Ort", "Notiz"])
        #expect(rows.map(\.cells) == expectedRows)
        #expect(rows.allSatisfy { $0.problems.isEmpty })
    }

    @Test("the rows read are those of the file inspected and hashed, even when its name is renamed over in between", arguments: [
        ("encodings/utf8.csv", "csv"), ("encodings/windows1252.csv", "csv"), ("workbooks/title-rows.xlsx", "xlsx"),
    ])
    func renamedOverAfterInspection(_ name: String, _ suffix: String) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("swap-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("export.\(suffix)").path
        try FileManager.default.copyItem(atPath: try fixturePath(name), toPath: path)
        let original = try InputDetection.openInput(path, settings: InputSettings(), inspection: try InputDetection.inspect(path))
        var expected: [[String]] = []
        while let row = try original.source.next() { expected.append(row.cells) }

        let inspection = try InputDetection.inspect(path)
        let other = folder.appendingPathComponent("other.\(suffix)").path
        try Data("Kundennr,Vorname\n999,Mallory\n".utf8).write(to: URL(fileURLWithPath: other))
        #expect(rename(other, path) == 0)
        let opened = try InputDetection.openInput(path, settings: InputSettings(), inspection: inspection)
        var rows: [[String]] = []
        while let row = try opened.source.next() { rows.append(row.cells) }
        #expect(!expected.isEmpty)
        #expect(rows == expected)
        #expect(opened.source.header == original.source.header)
    }

    @Test("ISO-8859-1 and -15 are read when the mapping names them")
    func latin() throws {
        let latin9 = try readInput("encodings/latin9.csv", encoding: "iso-8859-15")
        #expect(latin9.rows[0].cells == ["1", "Jürgen", "Müller", "Köln", "Preis 5 €"])
        #expect(latin9.rows[1].cells[2] == "Œlschläger")
        let latin1 = try readInput("encodings/latin1.csv", encoding: "latin1")
        #expect(latin1.rows[0].cells == ["1", "Jürgen", "Müller", "Köln", "Preis 5 EUR"])
    }

    @Test("a byte Windows-1252 does not define rejects its row, naming the line")
    func undefinedByte() throws {
        let (_, _, rows) = try readInput("encodings/windows1252-undefined-byte.csv")
        #expect(rows.map(\.cells[1]) == ["Müller", "Bad\u{FFFD}Byte", "Ok"])
        #expect(rows[0].problems.isEmpty && rows[2].problems.isEmpty)
        #expect(rows[1].problems.map(\.code) == [.invalidEncoding])
        #expect(rows[1].problems.first?.message.hasPrefix("line 3, column \"Name\": bytes that are not valid windows-1252") == true)
    }

    @Test("a UTF-8 mapping on a UTF-16 file stops with a message")
    func encodingMismatch() throws {
        #expect(throws: ConvertError.self) { try readInput("encodings/utf16le-tab.txt", encoding: "utf-8") }
        #expect(throws: ConvertError.self) { try readInput("encodings/utf8.csv", encoding: "utf-16") }
    }

    @Test("ragged rows are rejected with their lines; the others read normally")
    func ragged() throws {
        let (_, _, rows) = try readInput("broken/ragged.csv")
        #expect(rows.map(\.line) == [2, 3, 4, 5])
        #expect(rows.map { $0.problems.map(\.code) } == [[], [.wrongFieldCount], [.wrongFieldCount], []])
        #expect(rows[2].problems.first?.message.contains("extra values: \"9\"") == true)
    }

    @Test("a runaway quote rejects its line and the rows after it survive")
    func runawayQuote() throws {
        let (_, _, rows) = try readInput("broken/runaway-quote.csv")
        #expect(rows.map(\.line) == [2, 3, 4])
        #expect(rows[0].problems.map(\.code) == [.unterminatedQuote])
        #expect(rows[1].cells == ["4", "5", "6"])
        #expect(rows[2].cells == ["7", "x", "9"])
    }

    @Test("a file cut inside a UTF-8 character falls back to Windows-1252 and says so")
    func truncated() throws {
        let (encoding, _, rows) = try readInput("broken/truncated-utf8.csv")
        #expect(encoding.hasPrefix("windows-1252 (detected"))
        #expect(rows.count == 1)
    }

    @Test("the streaming UTF-8 check agrees with a whole-file check at every cut, and counts the same at every cut")
    func utf8Validator() {
        var samples: [[UInt8]] = [Array("Grüße, 😀 €".utf8), Array("abc".utf8) + [0xC3], [0xE2, 0x82], [0xF0, 0x9F, 0x98, 0x80], [0xC0, 0x80], [0xED, 0xA0, 0x80],
                                  Array("long ASCII runs before 😀 and after".utf8), [0xF4, 0x90, 0x80, 0x80], [0xE0, 0x80, 0x80], [0xF0, 0x80, 0x80, 0x80],
                                  [0xEF, 0xBF, 0xBF], [0xF4, 0x8F, 0xBF, 0xBF], [0x80], [0xFF], Array("abcdefghij".utf8) + [0xC3, 0xA4, 0xC3]]
        // Random byte strings leaning to the lead and continuation bytes that matter.
        var generator = SystemRandomNumberGenerator()
        let interesting: [UInt8] = [0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC2, 0xDF, 0xE0, 0xED, 0xEF, 0xF0, 0xF4, 0xF5, 0xFF]
        for _ in 0..<300 {
            samples.append((0..<Int.random(in: 1...12, using: &generator)).map { _ in interesting.randomElement(using: &generator)! })
        }
        for bytes in samples {
            let whole = String(validating: bytes, as: UTF8.self) != nil
            // What the row reader decides a non-ASCII field with.
            #expect(bytes.withUnsafeBytes { UTF8Validator.isValid($0) } == whole, "\(bytes)")
            var reference = UTF8Validator()
            bytes.withUnsafeBytes { reference.feed($0) }
            _ = reference.finish()
            if let text = String(validating: bytes, as: UTF8.self) {
                #expect(reference.validSequences == text.unicodeScalars.filter { !$0.isASCII }.count, "\(bytes)")
            }
            for cut in 0...bytes.count {
                var validator = UTF8Validator()
                bytes[..<cut].withUnsafeBytes { validator.feed($0) }
                bytes[cut...].withUnsafeBytes { validator.feed($0) }
                #expect(validator.finish() == whole, "\(bytes) cut at \(cut)")
                #expect(validator.validSequences == reference.validSequences && validator.invalidSequences == reference.invalidSequences,
                        "\(bytes) cut at \(cut): the counts must not depend on where chunks end")
            }
        }
    }
}
