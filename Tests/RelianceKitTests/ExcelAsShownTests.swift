import Foundation
import Testing
@testable import RelianceKit
@testable import XLSXCore

/// Workbooks whose cells Excel shows otherwise than they are stored, packages laid out otherwise
/// than usual, and files that are not `.xlsx` at all (fixtures from `scripts/make-fixtures.py`).
@Suite("Workbooks as Excel shows them")
struct ExcelAsShownTests {
    @Test("number formats that change what a person sees are applied; General shows Excel's 15 digits")
    func numberFormats() throws {
        let (source, rows) = try readWorkbook("workbooks/number-formats.xlsx")
        #expect(source.header == ["PLZ", "Dauer", "Monat", "Betrag", "Stunden", "Summe", "Quote", "Konto", "Wert", "Gross"])
        #expect(rows.first?.cells == ["01067", "36:00:00", "2025-03-01", "3.50", "54:00", "1234567", "0.125", "0123456789", "68.665", "12345678901234600"])
    }

    @Test("digits as Excel shows them: fixed decimals from Excel's 15-digit decimal rounded half away from zero, fractions in whole-number formats, optional digits, fractional seconds, built-in formats the workbook redefines")
    func displayedDigits() throws {
        let (source, rows) = try readWorkbook("workbooks/displayed-digits.xlsx")
        #expect(source.header == ["Betrag", "PLZ", "Ganz", "Kurz", "Zeitpunkt", "Datum", "Quote"])
        #expect(rows.map(\.cells) == [
            ["43.63", "00012", "1", "12.3", "1952-10-11T14:35:27", "1985-03-12T14:05:00", "3.142"],
            ["1.01", "01067", "3", "12.", "2024-11-02T14:05:00", "", ""],
            ["-43.63", "100000", "-0", ".5", "", "", ""],
        ])
    }

    @Test("an Excel table's totals row is skipped and counted; a totals row with a value beside its table is kept")
    func tableTotals() throws {
        let (source, rows) = try readWorkbook("workbooks/table-totals.xlsx", sheet: "Kunden")
        #expect(rows.map(\.cells) == [["4711", "Anna", "Müller", "3.5"], ["4712", "Jürgen", "Fischer", "2.25"]])
        #expect(source.totalsRowsSkipped == 1)
        let (beside, besideRows) = try readWorkbook("workbooks/table-totals.xlsx", sheet: "Neben")
        #expect(besideRows.map(\.number) == [2, 3] && beside.totalsRowsSkipped == 0)
    }

    @Test("General numbers", arguments: [
        ("68.66499999999999", "68.665"), ("0.30000000000000004", "0.3"), ("-0.25", "-0.25"), ("1.2345678901234567E+16", "12345678901234600"),
        ("1E+20", "100000000000000000000"), ("4.91701234567E+11", "491701234567"), ("123.456", "123.456"), ("1.5E-7", "1.5e-07"),
    ])
    func general(_ stored: String, _ shown: String) {
        #expect(XLSXRowSource.formatNumber(stored) == shown)
    }

    @Test("display kinds of number formats", arguments: [
        (0, nil, nil), (1, nil, CellFormat.digits(integers: 1, decimals: nil)), (2, nil, .digits(integers: 1, decimals: 2...2)),
        (46, nil, .elapsed(largest: "h", minutes: true, seconds: true)), (164, "00000", .digits(integers: 5, decimals: nil)),
        (165, "#,##0.000", .digits(integers: 1, decimals: 3...3)), (166, "[mm]:ss", .elapsed(largest: "m", minutes: false, seconds: true)),
        (167, "mmmmm", .date(hasDate: true, hasTime: false)), (168, "mmm yy", .date(hasDate: true, hasTime: false)), (169, "0%", nil),
        (170, "#,##0", nil), (171, "\"PLZ \"00000", .digits(integers: 5, decimals: nil)), (172, "@", nil),
    ] as [(Int, String?, CellFormat?)])
    func displayKinds(_ id: Int, _ code: String?, _ expected: CellFormat?) {
        #expect(NumberFormat.cellFormat(id: id, code: code) == expected)
    }

    @Test("the 1904 date system survives the x15:workbookPr extension that follows it")
    func date1904WithExtension() throws {
        let (_, rows) = try readWorkbook("workbooks/date1904-extension.xlsx")
        #expect(rows.first?.cells == ["1", "1985-03-12"])
    }

    @Test("a literal CR LF in XML text is LF; _x000D_ before it keeps one CR")
    func lineEnds() throws {
        let (_, rows) = try readWorkbook("workbooks/line-ends.xlsx")
        #expect(rows.first?.cells == ["1", "Zeile 1\nZeile 2", "eins\r\nzwei"])
    }

    @Test("part names in another case and a workbook part found through _rels/.rels")
    func partNames() throws {
        let (source, rows) = try readWorkbook("workbooks/part-names.xlsx")
        #expect(source.header == ["Kundennr", "Name"])
        #expect(rows.first?.cells == ["1", "Müller"])
    }

    @Test("two entries for one part, and a DOCTYPE with an entity, stop the run naming the cause", arguments: [
        ("workbooks/duplicate-part.xlsx", "two entries for one part"), ("workbooks/entity.xlsx", "declares a DOCTYPE with entity declarations"),
    ])
    func refusedPackages(_ name: String, _ message: String) throws {
        #expect {
            _ = try readWorkbook(name)
        } throws: { error in
            "\(error)".contains(message)
        }
    }

    @Test("files that are not .xlsx workbooks are recognised by their bytes and refused with what to do", arguments: [
        ("workbooks/legacy.xls", "legacy Excel 97-2003 workbook (.xls)"), ("workbooks/encrypted.xlsx", "password-protected Excel workbook"),
        ("workbooks/export.ods", "OpenDocument file (.ods"), ("workbooks/binary.xlsb", "Excel binary workbook (.xlsb)"),
    ])
    func otherFormats(_ name: String, _ message: String) throws {
        let path = try fixturePath(name)
        #expect {
            let inspection = try InputDetection.inspect(path)
            _ = try InputDetection.openInput(path, settings: InputSettings(), inspection: inspection)
        } throws: { error in
            guard let error = error as? ConvertError else { return false }
            return "\(error)".contains(message) && error.exitCode == 2
        }
    }

    @Test("a title block above the header is skipped, found without help or named by input.header_row")
    func titleRows() throws {
        for headerRow in [nil, 3] as [Int?] {
            var input = InputSettings(sheet: "Kunden")
            input.headerRow = headerRow
            let source = try XLSXRowSource(path: try fixturePath("workbooks/title-rows.xlsx"), input: input)
            #expect(source.header == ["Kundennr", "Vorname", "Nachname", "PLZ"])
            #expect(source.headerLine == 3 && source.rowsAboveHeader == 2)
            var rows: [InputRow] = []
            while let row = try source.next() { rows.append(row) }
            #expect(rows.map(\.number) == [4, 5])
            #expect(rows.first?.cells == ["4711", "Anna", "Müller", "01067"])
        }
        var wrong = InputSettings(sheet: "Kunden")
        wrong.headerRow = 7
        #expect(throws: ConvertError.self) { _ = try XLSXRowSource(path: try fixturePath("workbooks/title-rows.xlsx"), input: wrong) }
    }

    @Test("the header choice: the first row that looks like one, else the first", arguments: [
        ([["Export vom 01.03.2025"], [], ["Kundennr", "Name", "Ort"], ["1", "Anna", "Köln"]], 2),
        ([["Kundennr", "Name", "Ort"], ["1", "Anna", "Köln"]], 0),
        ([["Summe", "", ""], ["2024", "2025", "2026"], ["Jahr", "Wert", "Quote"]], 2),
        ([["nur eine Spalte"], ["1"]], 0),
        ([["1", "2", "3"], ["4", "5", "6"]], 0),
    ] as [([[String]], Int)])
    func headerChoice(_ rows: [[String]], _ expected: Int) {
        #expect(HeaderChoice.index(in: rows) == expected)
    }

    @Test("init on a workbook reads the sheet asked for, lists the sheets, and writes the header row it found")
    func scaffoldSheetAndHeader() throws {
        let scaffold = try MappingScaffold.make(inputPath: try fixturePath("workbooks/title-rows.xlsx"), sheet: "Kunden")
        #expect(scaffold.sheets == ["Info", "Kunden"] && scaffold.sheet == "Kunden" && scaffold.headerRow == 3)
        #expect(scaffold.yaml.contains("input: { sheet: \"Kunden\", header_row: 3 }"), "\(scaffold.yaml.prefix(400))")
        #expect(scaffold.decisions.contains { $0.path.hasSuffix("foreName") && $0.column == "Vorname" })
    }
}
