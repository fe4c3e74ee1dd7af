import Foundation
import TestSupport
import Testing
@testable import RelianceKit
@testable import XLSXCore

/// Every workbook fixture read cell by cell by the project's reader and by openpyxl, the most used
/// independent reader (`scripts/openpyxl-cells.py`; `scripts/test.sh` installs it): text, numbers,
/// booleans and dates must agree. Durations are left out (openpyxl has no one form for them), and
/// so are workbooks one of the two refuses by design (openpyxl: part names in another case, an
/// entity; this reader: two entries for one part).
@Suite("Workbooks against openpyxl")
struct OpenpyxlComparisonTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let workbooks = [
        "Tests/RelianceKitTests/Fixtures/workbooks/openpyxl-features.xlsx", "Tests/RelianceKitTests/Fixtures/workbooks/xlsxwriter-inline.xlsx",
        "Tests/RelianceKitTests/Fixtures/workbooks/date1904.xlsx", "Tests/RelianceKitTests/Fixtures/workbooks/date1904-extension.xlsx",
        "Tests/RelianceKitTests/Fixtures/workbooks/line-ends.xlsx", "Tests/RelianceKitTests/Fixtures/workbooks/number-formats.xlsx",
        "Tests/RelianceKitTests/Fixtures/workbooks/title-rows.xlsx", "Tests/RelianceKitTests/Fixtures/workbooks/displayed-digits.xlsx",
        "Tests/RelianceKitTests/Fixtures/workbooks/table-totals.xlsx", "Tests/EndToEndTests/Fixtures/kunden-export.xlsx",
        "Tests/EndToEndTests/Fixtures/kunden-export-table.xlsx", "samples/crm-export-en.xlsx",
    ]

    @Test("every cell of every workbook fixture agrees with openpyxl")
    func cellByCell() throws {
        let paths = Self.workbooks.map { Self.root.appendingPathComponent($0).path }
        let run = try runTool("/usr/bin/env", ["python3", Self.root.appendingPathComponent("scripts/openpyxl-cells.py").path] + paths)
        try #require(run.status == 0, "openpyxl is needed (pip install openpyxl==3.1.5, or run scripts/test.sh): \(run.output.suffix(300))")
        let all = try #require(try JSONSerialization.jsonObject(with: Data(run.output.utf8)) as? [String: Any])
        var compared = 0
        for path in paths {
            let sheets = try #require(all[path] as? [String: [[Any]]], "openpyxl could not read \(path): \(String(describing: all[path]))")
            let workbook = try XLSXWorkbook(path: path)
            for sheet in workbook.sheets {
                var ours: [String: XLSXCell] = [:]
                let rows = try workbook.rows(of: sheet)
                while let row = try rows.next() {
                    for (column, cell) in row.cells.enumerated() where cell != .empty { ours["\(row.number):\(column + 1)"] = cell }
                }
                for entry in sheets[sheet.name] ?? [] {
                    guard let row = entry[0] as? Int, let column = entry[1] as? Int, let kind = entry[2] as? String, let value = entry[3] as? String else { continue }
                    let place = "\(path.split(separator: "/").last ?? "") [\(sheet.name)] row \(row) column \(column)"
                    guard kind != "t" else { continue }
                    let cell = ours.removeValue(forKey: "\(row):\(column)")
                    #expect(Self.agrees(cell, kind: kind, value: value), "\(place): openpyxl \(kind) \(value), ours \(String(describing: cell))")
                    compared += 1
                }
                let durations = Set((sheets[sheet.name] ?? []).compactMap { $0[2] as? String == "t" ? "\($0[0]):\($0[1])" : nil })
                for (place, cell) in ours where !durations.contains(place) {
                    Issue.record("\(path) [\(sheet.name)] \(place): only this reader sees \(cell)")
                }
            }
        }
        #expect(compared > 1500, "\(compared) cells compared")
    }

    static func agrees(_ cell: XLSXCell?, kind: String, value: String) -> Bool {
        switch (kind, cell) {
        case let ("s", .text(text)?): return text == value
        case let ("b", .boolean(flag)?): return (flag ? "TRUE" : "FALSE") == value
        case let ("n", .number(stored)?): return Double(stored) == Double(value) || Double(XLSXRowSource.formatNumber(stored)) == Double(value)
        case let ("n", .text(shown)?): return shows(shown, value)
        case let ("d", .date(serial, system1904, hasDate, hasTime)?):
            let ours = XLSXRowSource.formatDate(serial, system1904: system1904, hasDate: hasDate, hasTime: true)
            // openpyxl gives fractions of a second (`.600000`); a cell shows the second they fall in.
            let theirs = value.count == 10 ? value + "T00:00:00" : String(value.prefix(19))
            return ours == theirs || (!hasTime && ours.prefix(10) == theirs.prefix(10))
        default: return false
        }
    }

    /// Whether `shown`, a number a format padded or rounded (`01067`, `43.63`, `12.`), is `value`
    /// rounded to the digits it shows: within half a unit of its last place.
    static func shows(_ shown: String, _ value: String) -> Bool {
        guard let number = Double(shown), let stored = Double(value) else { return false }
        let decimals = shown.firstIndex(of: ".").map { shown.distance(from: $0, to: shown.endIndex) - 1 } ?? 0
        let unit = (0..<decimals).reduce(1.0) { result, _ in result / 10 }
        return abs(number - stored) <= unit / 2 * (1 + 1e-9)
    }
}
