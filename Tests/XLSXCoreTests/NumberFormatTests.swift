import Testing
@testable import XLSXCore

/// Number formats as Excel applies them to the digits a person sees: which formats change the
/// digits, and the text each shows for a stored number.
@Suite("Number formats")
struct NumberFormatTests {
    @Test("a format's digits as Excel shows them: rounded half away from zero from Excel's 15-digit decimal, padded, optional decimals dropped", arguments: [
        ("43.625", "0.00", "43.63"), ("1.005", "0.00", "1.01"), ("2.675", "0.00", "2.68"), ("0.125", "0.00", "0.13"), ("9.995", "0.00", "10.00"),
        ("-43.625", "0.00", "-43.63"), ("3.5", "0.00", "3.50"), ("-0.001", "0.00", "-0.00"), ("1E+20", "0.00", "100000000000000000000.00"),
        ("1.5E-7", "0.000", "0.000"), ("1234.5", "#,##0.00", "1234.50"), ("0.30000000000000004", "0.0000000000000000", "0.3000000000000000"),
        ("12.3", "00000", "00012"), ("0.5", "0", "1"), ("2.5", "0", "3"), ("-2.5", "0", "-3"), ("-0.4", "0", "-0"), ("99999.5", "00000", "100000"),
        ("1067", "00000", "01067"), ("491701234567", "0", "491701234567"), ("1E+20", "0", "100000000000000000000"),
        ("12.3", "#.##", "12.3"), ("12", "#.##", "12."), ("0.5", "#.##", ".5"), ("0", "#.##", "."), ("0", "#", ""), ("0.004", "#.##", "."),
        ("1.234", "0.0#", "1.23"), ("2", "0.0#", "2.0"), ("1.5", "0.0#", "1.5"), ("7", "???0", "7"), ("7.25", "0.??", "7.25"),
    ])
    func digits(_ stored: String, _ code: String, _ shown: String) throws {
        let format = try #require(NumberFormat.cellFormat(id: 164, code: code))
        #expect(NumberFormat.render(stored, format) == shown)
    }

    @Test("which formats change the digits, which show dates, and a built-in id the workbook redefines", arguments: [
        (164, "0", CellFormat.digits(integers: 1, decimals: nil)), (164, "#.##", .digits(integers: 0, decimals: 0...2)),
        (164, "#,##0.0#", .digits(integers: 1, decimals: 1...2)), (164, "0.", .digits(integers: 1, decimals: 0...0)),
        (164, "#,##0", nil), (164, "0,", nil), (164, "0.00%", nil), (164, "0.00E+00", nil), (164, "# ?/?", nil), (164, "#,##0.00 €", nil),
        (164, "dd.mm.yyyy hh:mm:ss.000", .date(hasDate: true, hasTime: true, subsecondDigits: 3)),
        (164, "mm:ss.0", .date(hasDate: false, hasTime: true, subsecondDigits: 1)), (47, nil, .date(hasDate: false, hasTime: true, subsecondDigits: 1)),
        (14, nil, .date(hasDate: true, hasTime: false)), (14, "dd.mm.yyyy hh:mm", .date(hasDate: true, hasTime: true)),
        (2, "0.000", .digits(integers: 1, decimals: 3...3)), (1, "00000", .digits(integers: 5, decimals: nil)), (14, "General", nil),
    ] as [(Int, String?, CellFormat?)])
    func kinds(_ id: Int, _ code: String?, _ expected: CellFormat?) {
        #expect(NumberFormat.cellFormat(id: id, code: code) == expected)
    }

    @Test("a time shown with fractions of a second is the second it shows: rounded to the fractions, then cut", arguments: [
        (0.5868125, 3, 50700.0), (0.58680555, 3, 50700.0), (0.999999999, 3, 86400.0), (0.25 + 0.4 / 86400, 1, 21600.0),
    ])
    func subseconds(_ serial: Double, _ digits: Int, _ seconds: Double) {
        #expect((NumberFormat.wholeSecondShown(serial, subsecondDigits: digits) * 86400).rounded() == seconds)
    }

    @Test("Excel's 15-digit decimal: the digits around the point, trailing and leading zeros dropped", arguments: [
        (43.625, "43.625"), (1.005, "1.005"), (68.66499999999999, "68.665"), (0.30000000000000004, "0.3"), (-0.25, "-0.25"),
        (1e20, "100000000000000000000"), (1.5e-7, "0.00000015"), (0, "0"), (-0.0, "0"),
    ])
    func decimal(_ value: Double, _ text: String) throws {
        #expect(try #require(ExcelDecimal(value)).text == text)
    }
}
