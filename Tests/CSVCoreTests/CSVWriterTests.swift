import Testing
@testable import CSVCore

@Suite("CSV writer")
struct CSVWriterTests {
    private func written(_ field: String, neutralize: Bool = true) -> String {
        var out: [UInt8] = []
        CSVWriter.appendField(field, delimiter: UInt8(ascii: ";"), neutralizeFormulas: neutralize, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    @Test("fields are quoted only when they must be, quotes doubled", arguments: [
        ("Müller", "Müller"), ("", ""), ("a;b", "\"a;b\""), ("say \"hi\"", "\"say \"\"hi\"\"\""), ("two\nlines", "\"two\nlines\""),
        ("cr\r", "\"cr\r\""), (" edge", "\" edge\""), ("edge ", "\"edge \""), ("in side", "in side"),
    ])
    func quoting(_ field: String, _ expected: String) {
        #expect(written(field) == expected)
    }

    @Test("a field Excel would run as a formula gets a leading apostrophe", arguments: [
        ("=SUM(A1)", "'=SUM(A1)"), ("+49 30 555", "'+49 30 555"), ("-5", "'-5"), ("@x", "'@x"), ("\tx", "'\tx"),
        ("-5 ", "\"'-5 \""), ("=a;b", "\"'=a;b\""), (" =x", "\" =x\""), ("x=1", "x=1"),
    ])
    func formulas(_ field: String, _ expected: String) {
        #expect(written(field) == expected)
    }

    @Test("what a person typed with a leading apostrophe survives neutralizing and reading back", arguments: [
        "'=Anna", "''=x", "'+49", "'", "''", "'text", "=SUM(A1)", "-5", "plain", "", "'-'", "'''@",
    ])
    func apostrophesRoundTrip(_ field: String) {
        var out: [UInt8] = []
        CSVWriter.appendField(field, delimiter: UInt8(ascii: ","), neutralizeFormulas: true, to: &out)
        let cell = String(decoding: out, as: UTF8.self)
        #expect(CSVWriter.removingNeutralization(cell) == field, "\(field) written as \(cell)")
        #expect(cell.first.map { !["=", "+", "-", "@"].contains($0) } ?? true, "\(cell) would run in Excel")
    }

    @Test("a cell typed as '=Anna is written with one more apostrophe")
    func typedApostrophe() {
        #expect(written("'=Anna") == "''=Anna")
        #expect(written("'Anna") == "'Anna")
    }

    @Test("without neutralizing, formulas are written as they are")
    func formulasKept() {
        #expect(written("=SUM(A1)", neutralize: false) == "=SUM(A1)")
        #expect(written("-5 ", neutralize: false) == "\"-5 \"")
    }

    @Test("a record is fields joined by the delimiter and ended with CRLF")
    func record() {
        var out: [UInt8] = []
        CSVWriter.appendRecord(["a", "b;c", ""], delimiter: UInt8(ascii: ";"), neutralizeFormulas: true, to: &out)
        #expect(String(decoding: out, as: UTF8.self) == "a;\"b;c\";\r\n")
    }
}
