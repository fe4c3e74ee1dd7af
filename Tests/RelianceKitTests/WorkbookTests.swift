import FileSystem
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

    @Test("a sheet is parsed once: the rows kept by the first read convert as a second read of the sheet gives them", arguments: [
        ("workbooks/long-sheet.xlsx", nil), ("init-crm-report/export.xlsx", nil),
    ] as [(String, String?)])
    func parsedOnce(_ name: String, _ sheet: String?) throws {
        var input = InputSettings()
        input.sheet = sheet
        let path = try fixturePath(name)
        let once = try XLSXRowSource(path: path, input: input)
        // A limit no row fits in: the first read keeps nothing and the sheet is read again.
        let twice = try XLSXRowSource(path: path, input: input, recordingLimit: 1)
        #expect(once.readsSheetOnce)
        #expect(!twice.readsSheetOnce)
        #expect(once.header == twice.header)
        #expect(once.headerLine == twice.headerLine)
        #expect(once.rowsAboveHeader == twice.rowsAboveHeader)
        #expect(once.totalsRowsSkipped == twice.totalsRowsSkipped)
        var count = 0
        while let row = try once.next() {
            let again = try #require(try twice.next())
            #expect(row.number == again.number)
            #expect(row.line == again.line)
            #expect(row.cells == again.cells)
            #expect(row.problems == again.problems)
            count += 1
        }
        #expect(try twice.next() == nil)
        #expect(count > HeaderChoice.rowsLooked)
    }

    @Test("the rows kept from the first read hold every kind of cell as Excel shows it, past the rows looked at for the header")
    func keptRows() throws {
        let (source, rows) = try readWorkbook("workbooks/long-sheet.xlsx")
        #expect(source.readsSheetOnce)
        #expect(source.totalsRowsSkipped == 1)
        #expect(source.header == ["Kundennr", "Vorname", "Nachname", "PLZ", "Geburtsdatum", "Freigabe", "Uhrzeit", "Aktiv", "Betrag", "Notiz"])
        // 5 table rows and 299 more, less the totals row and every 37th row, which is empty.
        #expect(rows.count == 5 + 299 - 8)
        let row = try #require(rows.first { $0.cells.first == "4728" })
        #expect(row.cells == ["4728", "Zoë", "Nachname 66666666666666666", "01084", "1954-07-08", "2024-11-02T17:46:00", "08:47:17", "", "21.25", "rechts davon"])
        #expect(row.problems.map(\.code) == [.wrongFieldCount])
        #expect(rows.first { $0.cells.first == "4724" }?.cells.last == "#DIV/0!")
        #expect(rows.first { $0.cells.first == "4714" }?.cells[7] == "FALSE")
        #expect(rows.first { $0.cells.first == "4717" }?.cells[7] == "TRUE")
        #expect(rows.last?.number == 306)
    }

    @Test("a workbook whose reads fail for a reason of the moment is a fault (exit 3), not a file that is no workbook (exit 2)")
    func readFault() throws {
        // A descriptor open for writing only: every read of it fails (EBADF), as a read of a
        // leased or failing file does, while the file itself is a sound workbook.
        let path = try fixturePath("workbooks/long-sheet.xlsx")
        let unreadable = try FileDescriptor.open(path, .writeOnly)
        let error = #expect(throws: ConvertError.self) {
            _ = try XLSXRowSource(path: path, readingFrom: unreadable, input: InputSettings())
        }
        #expect(error?.exitCode == 3, "\(String(describing: error))")
        #expect(error?.description.contains("not an Excel workbook") == false)
        #expect(error?.description.contains("could not be read") == true)
    }

    @Test("NaN, infinities and numbers outside the dates Excel shows reject their rows as damaged cells, never stop the reader")
    func oddNumbers() throws {
        let (source, rows) = try readWorkbook("workbooks/odd-numbers.xlsx")
        #expect(source.header == ["Kundennr", "Datum", "Uhrzeit", "Dauer", "Betrag", "Zahl"])
        func row(_ id: String) throws -> InputRow { try #require(rows.first { $0.cells.first == id }) }
        func damaged(_ row: InputRow) -> [String] {
            row.problems.filter { $0.code == .damagedCell }.map { String($0.message.split(separator: ",")[1].split(separator: ":")[0]) }
        }
        // NaN, INF, -inf, and 1e400 (past a double's range): no number at all, in every column.
        for id in ["2", "3", "4", "5"] {
            #expect(damaged(try row(id)) == [" column \"Datum\"", " column \"Uhrzeit\"", " column \"Dauer\"", " column \"Betrag\"", " column \"Zahl\""])
            #expect(try row(id).problems.allSatisfy { $0.message.contains("is not a number") })
        }
        // -1: before Excel's first day, so no date or time; a negative duration and amount are shown.
        #expect(damaged(try row("6")) == [" column \"Datum\"", " column \"Uhrzeit\""])
        #expect(try row("6").cells.suffix(3) == ["-24:00:00", "-1.00", "-1"])
        // 2958466 is the day after 9999-12-31; 2958465.5 is noon of that last day.
        #expect(damaged(try row("7")) == [" column \"Datum\"", " column \"Uhrzeit\"", " column \"Dauer\""])
        #expect(try row("7").problems.first?.message.contains("outside the dates Excel shows (it shows ####)") == true)
        #expect(try row("8").cells.prefix(4) == ["8", "9999-12-31", "12:00:00", "71003172:00:00"])
        #expect(try row("8").problems.isEmpty)
        // 1E+308 is a number Excel can hold: as an amount and as General it is read.
        #expect(damaged(try row("9")) == [" column \"Datum\"", " column \"Uhrzeit\"", " column \"Dauer\""])
        #expect(try row("9").cells[5] == "1" + String(repeating: "0", count: 308))
        // 0 is day 0 of the 1900 system, which Excel shows as 00.01.1900: no date, though a time and a duration.
        #expect(damaged(try row("10")) == [" column \"Datum\""])
        #expect(try row("10").cells.suffix(4) == ["00:00:00", "00:00:00", "0.00", "0"])
    }

    @Test("a sheet whose XML ends before </sheetData> was cut short: refused (exit 2), not read as if it ended at the cut")
    func cutSheet() throws {
        let error = #expect(throws: ConvertError.self) {
            let source = try XLSXRowSource(path: try fixturePath("workbooks/cut-sheet.xlsx"), input: InputSettings())
            while try source.next() != nil {}
        }
        #expect(error?.exitCode == 2)
        #expect(error?.description.contains("the sheet ends before its </sheetData>: the file was cut short after row 3") == true,
                "\(String(describing: error))")
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
