import Foundation
import Testing
@testable import XLSXCore

/// The workbook module on its own: the XML tokenizer at every chunk size, cell references, table
/// totals rows, and which number formats show dates, times and durations.
@Suite("XLSX core")
struct XLSXCoreTests {
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

    @Test("an Excel table's totals rows from its reference and totalsRowCount", arguments: [
        ("A1:D5", 1, TableTotals(rows: 5...5, columns: 0...3)), ("B3:AX63", 2, TableTotals(rows: 62...63, columns: 1...49)),
        ("C7", 1, TableTotals(rows: 7...7, columns: 2...2)), ("A1:D5", 9, TableTotals(rows: 1...5, columns: 0...3)),
        ("A1:D5", 0, nil), ("D5:A1", 1, nil), ("A1:", 1, nil), ("1:5", 1, nil),
    ] as [(String, Int, TableTotals?)])
    func tableTotals(_ reference: String, _ count: Int, _ expected: TableTotals?) {
        #expect(TableTotals(reference: reference, totalsRowCount: count) == expected)
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
}
