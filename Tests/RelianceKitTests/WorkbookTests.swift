import Foundation
import Testing
@testable import RelianceKit
@testable import XLSXCore

func readWorkbook(_ name: String, sheet: String? = nil) throws -> (source: XLSXRowSource, rows: [InputRow]) {
    var input = InputSettings()
    input.sheet = sheet
    let source = try XLSXRowSource(path: try fixturePath(name), input: input)
    var rows: [InputRow] = []
    while let row = try source.next() { rows.append(row) }
    return (source, rows)
}

@Suite("Excel workbooks")
struct WorkbookTests {
    @Test("reads shared strings, numbers, booleans, dates, gaps and empty rows from an openpyxl workbook")
    func openpyxlFeatures() throws {
        let (source, rows) = try readWorkbook("workbooks/openpyxl-features.xlsx", sheet: "Kunden")
        #expect(source.header == ["Kundennr", "Name", "Telefon", "Geburtsdatum", "Geprüft", "Betrag", "Aktiv", "Leer", "Notiz"])
        #expect(rows.map(\.number) == [2, 3, 5])
        #expect(rows[0].cells == ["4711", "Müller & Söhne <GmbH>", "491701234567", "1985-03-12", "2024-11-02T14:05:00", "3.5", "TRUE", "", "Zeile 1\nZeile 2"])
        #expect(rows[1].cells == ["4712", "Zoë", "0351 123456", "2000-02-29", "2024-11-02T00:00:00", "-0.25", "FALSE", "", ""])
        #expect(rows[2].cells == ["4713", "", "1.5e-07", "", "", "", "", "", "Lücke davor"])
        #expect(rows.allSatisfy { $0.problems.isEmpty })
    }

    @Test("the first sheet is the default; a sheet is chosen by name or position; a wrong name lists the sheets")
    func sheetChoice() throws {
        #expect(try readWorkbook("workbooks/openpyxl-features.xlsx").source.sheetName == "Info")
        #expect(try readWorkbook("workbooks/openpyxl-features.xlsx", sheet: "2").source.sheetName == "Kunden")
        #expect(try readWorkbook("workbooks/openpyxl-features.xlsx", sheet: "kunden").source.sheetName == "Kunden")
        do {
            _ = try readWorkbook("workbooks/openpyxl-features.xlsx", sheet: "Kundn")
            Issue.record("expected an error")
        } catch let error as ConvertError {
            #expect(error.description.contains("the workbook has no sheet \"Kundn\"; its sheets are: \"Info\", \"Kunden\""))
        }
    }

    @Test("the 1904 date system is honoured")
    func date1904() throws {
        let (_, rows) = try readWorkbook("workbooks/date1904.xlsx")
        #expect(rows.first?.cells == ["1", "1985-03-12"])
    }

    @Test("inline strings and formula results from an XlsxWriter workbook")
    func inlineStrings() throws {
        let (source, rows) = try readWorkbook("workbooks/xlsxwriter-inline.xlsx")
        #expect(source.header == ["Kundennr", "Name", "Datum", "Wert"])
        #expect(rows.map(\.cells) == [["1", "Ärger & Freude", "1990-07-04", "2"], ["2", "Zweite", "", ""]])
    }

    @Test("serial dates, including Excel's phantom 29 February 1900")
    func serials() {
        #expect(XLSXRowSource.formatDate(60, system1904: false, hasDate: true, hasTime: false) == "1900-02-29")
        #expect(XLSXRowSource.formatDate(61, system1904: false, hasDate: true, hasTime: false) == "1900-03-01")
        #expect(XLSXRowSource.formatDate(31118.5, system1904: false, hasDate: true, hasTime: true) == "1985-03-12T12:00:00")
        #expect(XLSXRowSource.formatDate(29656, system1904: true, hasDate: true, hasTime: false) == "1985-03-12")
        #expect(XLSXRowSource.formatDate(0.75, system1904: false, hasDate: false, hasTime: true) == "18:00:00")
        #expect(XLSXRowSource.formatDate(45000.999999999, system1904: false, hasDate: true, hasTime: true) == "2023-03-16T00:00:00")
    }

    @Test("numbers as Excel shows them, integers never in scientific notation")
    func numbers() {
        #expect(XLSXRowSource.formatNumber("491701234567") == "491701234567")
        #expect(XLSXRowSource.formatNumber("4.91701234567E+11") == "491701234567")
        #expect(XLSXRowSource.formatNumber("3.5") == "3.5")
        #expect(XLSXRowSource.formatNumber("1E+20") == "100000000000000000000")
    }

    @Test("number formats that show dates and times", arguments: [
        (14, nil, true, false), (22, nil, true, true), (20, nil, false, true), (164, "DD.MM.YYYY", true, false),
        (165, "dd/mm/yyyy hh:mm", true, true), (166, "[$-407]mmmm yy", true, false), (167, "\"Tag\" 0", false, false),
        (168, "0.00", false, false), (169, "[Red]#,##0", false, false), (170, "[h]:mm", false, true), (171, "General", false, false),
    ] as [(Int, String?, Bool, Bool)])
    func dateFormats(_ id: Int, _ code: String?, _ date: Bool, _ time: Bool) {
        let kind = NumberFormat.dateKind(id: id, code: code)
        #expect(kind?.hasDate ?? false == date)
        #expect(kind?.hasTime ?? false == time)
    }

    @Test("cell references", arguments: [("A1", 0), ("Z9", 25), ("AA10", 26), ("XFD1048576", 16383), ("1A", nil), ("AAAA1", nil), ("", nil)] as [(String, Int?)])
    func references(_ reference: String, _ column: Int?) {
        #expect(XLSXSheetReader.column(of: reference) == column)
    }

    /// Every event of `document`, fed to the tokenizer `chunk` bytes at a time.
    static func events(of document: [UInt8], chunk: Int) throws -> [XMLEvent] {
        var offset = 0
        let tokenizer = XMLTokenizer { () -> [UInt8]? in
            guard offset < document.count else { return nil }
            defer { offset += chunk }
            return Array(document[offset..<min(offset + chunk, document.count)])
        }
        var events: [XMLEvent] = []
        while let event = try tokenizer.next() { events.append(event) }
        return events
    }

    @Test("the tokenizer gives the same events whatever the chunk size: tags, text and quoted \">\" across chunk edges")
    func chunkEdges() throws {
        let document = Array(("<?xml version=\"1.0\"?><worksheet xmlns:x=\"urn:x\"><sheetData>"
            + "<x:row r=\"1\" spans=\"1:3\"><c r=\"A1\" t=\"inlineStr\"><is><t>M&#252;ller &amp; S&#246;hne</t></is></c>"
            + "<c r=\"B1\" s=\"2\" t='str'><v>a &gt; b</v></c><c r=\"C1\"/></x:row><!-- note --><row r=\"2\">"
            + "<c r=\"A2\" t=\"s\"><v>0</v></c><c r=\"B2\" a=\"x>y\"><v><![CDATA[<raw>]]></v></c></row>"
            + "</sheetData></worksheet>").utf8)
        let whole = try Self.events(of: document, chunk: document.count)
        #expect(whole.contains(.text("Müller & Söhne")) && whole.contains(.text("a > b")) && whole.contains(.text("<raw>")))
        #expect(whole.contains(.start(name: "c", attributes: ["r": "B2", "a": "x>y"], selfClosing: false)))
        for chunk in [1, 2, 3, 5, 7, 16, 64] {
            #expect(try Self.events(of: document, chunk: chunk) == whole, "chunk size \(chunk)")
        }
    }

    @Test("tags and text longer than the join buffer's first size come out whole across chunk edges")
    func longTokens() throws {
        let long = String(repeating: "Müller &amp; Söhne ", count: 60)  // over 1 KiB, entities and umlauts throughout
        let document = Array("<row r=\"1\" note=\"\(long)\" x:y='>'><t>\(long)</t></row>".utf8)
        let decoded = String(repeating: "Müller & Söhne ", count: 60)
        let expected: [XMLEvent] = [
            .start(name: "row", attributes: ["r": "1", "note": decoded, "x:y": ">"], selfClosing: false),
            .start(name: "t", attributes: [:], selfClosing: false), .text(decoded), .end(name: "t"), .end(name: "row"),
        ]
        for chunk in [1, 3, 100, 255, 256, 257, 1000, document.count] {
            #expect(try Self.events(of: document, chunk: chunk) == expected, "chunk size \(chunk)")
        }
    }

    @Test("names lose their namespace prefix; OOXML escapes are found by their bytes")
    func namesAndEscapes() {
        #expect("x:row".localName == "row" && "row".localName == "row" && "a:b:c".localName == "c" && ":c".localName == "c")
        #expect("x:".localName == "" && "".localName == "")
        #expect("a_x".containsBytes(UInt8(ascii: "_"), UInt8(ascii: "x")) && !"x_".containsBytes(UInt8(ascii: "_"), UInt8(ascii: "x")))
        #expect(XLSXWorkbook.unescapeOOXML("ohne Escape_") == "ohne Escape_" && XLSXWorkbook.unescapeOOXML("a_x0041_b") == "aAb")
        #expect(" 12 ".trimmingSpaces() == "12" && "12".trimmingSpaces() == "12" && "\u{00A0}ä\u{00A0}".trimmingSpaces() == "ä")
    }

    @Test("entities and OOXML escapes are decoded")
    func decoding() throws {
        #expect(XMLTokenizer.decodeEntities(Array("a &amp; b &lt;c&gt; &#228;&#xFC; &bogus;".utf8)) == "a & b <c> äü &bogus;")
        #expect(XLSXWorkbook.unescapeOOXML("Zeile_x000D_Ende_x005F_") == "Zeile\rEnde_")
        let tokenizer = XMLTokenizer(bytes: Array("<?xml version=\"1.0\"?><!-- c --><x:row r='2' a=\"&quot;\"><![CDATA[<raw>]]></x:row><c/>".utf8))
        var events: [XMLEvent] = []
        while let event = try tokenizer.next() { events.append(event) }
        #expect(events == [
            .start(name: "x:row", attributes: ["r": "2", "a": "\""], selfClosing: false), .text("<raw>"),
            .end(name: "x:row"), .start(name: "c", attributes: [:], selfClosing: true),
        ])
    }

    @Test("a damaged workbook is refused with a message, never a crash")
    func damaged() throws {
        let original = try Data(contentsOf: URL(fileURLWithPath: try fixturePath("workbooks/openpyxl-features.xlsx")))
        for cut in [10, 100, 1000, original.count / 2, original.count - 30] {
            let url = FileManager.default.temporaryDirectory.appendingPathComponent("cut-\(UUID().uuidString).xlsx")
            try original.prefix(cut).write(to: url)
            defer { try? FileManager.default.removeItem(at: url) }
            #expect(throws: ConvertError.self) {
                let source = try XLSXRowSource(path: url.path, input: InputSettings())
                while try source.next() != nil {}
            }
        }
        var flipped = [UInt8](original)
        for index in stride(from: 200, to: flipped.count - 200, by: 97) { flipped[index] ^= 0x5A }
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("flipped-\(UUID().uuidString).xlsx")
        try Data(flipped).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        #expect(throws: ConvertError.self) {
            let source = try XLSXRowSource(path: url.path, input: InputSettings(sheet: "Kunden"))
            while try source.next() != nil {}
        }
    }
}
