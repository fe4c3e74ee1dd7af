import ZipArchive
import Foundation
import CSVCore
import FileSystem
import XLSXCore

/// Reads one sheet of an Excel workbook row by row, turning cells into the text the mapping reads:
/// strings as stored, numbers as Excel shows them (integers never in scientific notation), date
/// cells as ISO dates, booleans as TRUE/FALSE.
final class XLSXRowSource: RowSource {
    let path: String
    let sheetName: String
    /// Every sheet of the workbook, in order.
    let sheetNames: [String]
    let header: [String]
    let rawHeader: [String]
    let reportColumns: Int
    /// Rejects of a workbook are written with `;`, which German and English Excel both open.
    let rejectsDelimiter = UInt8(ascii: ";")
    private let rows: Rows
    /// Rows read while choosing the header, handed out before the sheet reader goes on.
    private var pending: [XLSXRow] = []
    /// Rows above the header (a title block), skipped.
    let rowsAboveHeader: Int
    /// Totals rows of Excel tables (labels and subtotals, not customers), skipped.
    let totalsRowsSkipped: Int
    /// The sheet row of the header.
    let headerLine: Int
    /// Whether the rows come from what the first read kept, not from a second read of the sheet.
    var readsSheetOnce: Bool {
        if case .recorded = rows { true } else { false }
    }
    var fractionRead: Double {
        switch rows {
        case let .recorded(recorded): recorded.fractionRead
        case let .sheet(reader): reader.fractionRead
        }
    }

    /// Where the rows after the header come from.
    private enum Rows {
        /// What the first read kept.
        case recorded(RecordedRows)
        /// The sheet read a second time, when it was too large to keep.
        case sheet(XLSXSheetReader)
    }

    /// How many bytes of rows the first read keeps: four times the workbook's size, at least
    /// 32 MiB. The benchmark's 30,000 rows keep in 14.4 MB, 1.6 times the size of the workbook
    /// (by openpyxl or LibreOffice) and a quarter of its sheet's XML (`docs/performance.md`); a
    /// small file that inflates far (a bomb) stays within the floor.
    static func recordingLimit(fileSize: Int) -> Int {
        max(32 << 20, fileSize.multipliedReportingOverflow(by: 4).partialValue)
    }

    /// `source` is the workbook, open (the descriptor the inspection holds); opened here from
    /// `path` when nil. Messages name `path`. The rows are kept in up to `recordingLimit` bytes
    /// while the sheet is checked; past that, the sheet is read again to convert.
    init(path: String, readingFrom source: FileDescriptor? = nil, input: InputSettings, recordingLimit: Int = 32 << 20) throws(ConvertError) {
        self.path = path
        let workbook: XLSXWorkbook
        let sheet: XLSXWorkbook.Sheet
        let reader: XLSXSheetReader
        do throws(XLSXError) {
            workbook = try XLSXWorkbook(file: source, path: path)
            sheet = try workbook.sheet(input.sheet)
            reader = try workbook.rows(of: sheet)
        } catch {
            throw XLSXRowSource.failure(error, path: path)
        }
        sheetName = sheet.name
        sheetNames = workbook.sheets.map(\.name)
        // Read the whole sheet before anything is written: damage found halfway through must
        // stop the run with exit 2 and an empty output folder, not after half the ZIPs. The
        // rows read are kept, so converting does not parse the sheet again. Totals rows are
        // counted and skipped wherever they stand.
        var totals = 0
        let (first, skipped, after) = try XLSXRowSource.findHeader(reader, input: input, path: path, sheet: sheet.name, totals: &totals)
        let names = XLSXRowSource.headerNames(first)
        reader.columnLimit = names.count
        var recording = RowRecording(limit: recordingLimit)
        while let row = try XLSXRowSource.nextRecord(reader, path: path, totals: &totals) { recording.append(row) }
        totalsRowsSkipped = totals
        if recording.isKept {
            rows = .recorded(recording.rows())
        } else {
            // Too large to keep: the same bytes are read again, so the header is found where it was.
            let again: XLSXSheetReader
            do throws(XLSXError) {
                again = try workbook.rows(of: sheet)
            } catch {
                throw XLSXRowSource.failure(error, path: path)
            }
            var counted = 0
            _ = try XLSXRowSource.findHeader(again, input: input, path: path, sheet: sheet.name, totals: &counted)
            again.columnLimit = names.count
            rows = .sheet(again)
        }
        rowsAboveHeader = skipped
        headerLine = first.number
        // Rows read while choosing the header were read without the column limit: trim them alike.
        pending = after.map { row in
            var cells = Array(row.cells.prefix(names.count))
            var outside = row.outside
            if outside == nil, let index = row.cells.indices.dropFirst(names.count).first(where: { row.cells[$0] != .empty }) {
                outside = (index, row.cells[index])
            }
            cells.reserveCapacity(names.count)
            return XLSXRow(number: row.number, cells: cells, outside: outside)
        }
        rawHeader = names
        header = names.map { $0.trimmingCharacters(in: .whitespaces) }
        try Self.checkHeader(header, path: "\(path) [\(sheet.name)]", line: first.number)
        reportColumns = RejectsColumns.count(in: header)
    }

    /// What a workbook's error stops the run with. The workbook was opened and hashed, so a read
    /// of it that fails now is the moment's fault (exit 3); anything else makes it unusable input
    /// (exit 2), named as `place` (its path, with the sheet once rows are read).
    static func failure(_ error: XLSXError, path: String, place: String? = nil) -> ConvertError {
        if case let .archive(.sourceUnreadable(_, reason)) = error { return .fault("\(path): \(reason); nothing was retired") }
        return .input("\(place ?? path): \(error)")
    }

    func next() throws(ConvertError) -> InputRow? {
        var row: XLSXRow?
        if !pending.isEmpty {
            row = pending.removeFirst()
        } else {
            switch rows {
            case let .recorded(recorded):
                row = recorded.next()
            case let .sheet(reader):
                var counted = 0
                row = try XLSXRowSource.nextRecord(reader, path: path, place: "\(path) [\(sheetName)]", totals: &counted)
            }
        }
        guard let row else { return nil }
        var input = InputRow(number: row.number, line: row.number, cells: [], problems: [])
        input.cells.reserveCapacity(header.count)
        for (index, cell) in row.cells.enumerated() {
            let (text, problem) = XLSXRowSource.text(of: cell)
            let column = index < header.count ? "\"\(header[index])\"" : XLSXRowSource.columnName(index)
            if let problem {
                input.problems.append(Finding(.error, .damagedCell, field: "row", raw: nil, "row \(row.number), column \(column): \(problem)"))
            }
            if index < header.count {
                input.cells.append(isRejectsReport ? CSVWriter.removingNeutralization(text) : text)
            } else if !text.isEmpty {
                input.problems.append(Finding(.error, .wrongFieldCount, field: "row", raw: nil,
                                              "row \(row.number) has a value in column \(column), right of the header's last column: \(quoted(text))"))
            }
        }
        while input.cells.count < header.count { input.cells.append("") }
        if let (index, cell) = row.outside {
            let text = XLSXRowSource.text(of: cell).text
            input.problems.append(Finding(.error, .wrongFieldCount, field: "row", raw: nil,
                                          "row \(row.number) has a value in column \(XLSXRowSource.columnName(index)), right of the header's last column: \(quoted(text))"))
        }
        return input
    }

    /// The next row that is not an Excel table's totals row; the totals rows passed over are added
    /// to `totals`. Errors name `place` (see `failure`).
    static func nextRecord(_ rows: XLSXSheetReader, path: String, place: String? = nil, totals: inout Int) throws(ConvertError) -> XLSXRow? {
        do throws(XLSXError) {
            while let row = try rows.next() {
                guard row.isTableTotals else { return row }
                totals += 1
            }
            return nil
        } catch {
            throw failure(error, path: path, place: place)
        }
    }

    /// The header row, how many rows lie above it, and the rows read after it while choosing;
    /// totals rows passed over are added to `totals`.
    static func findHeader(_ rows: XLSXSheetReader, input: InputSettings, path: String, sheet: String,
                           totals: inout Int) throws(ConvertError) -> (XLSXRow, Int, [XLSXRow]) {
        var lookahead: [XLSXRow] = []
        if let wanted = input.headerRow {
            var skipped = 0
            while let row = try nextRecord(rows, path: path, totals: &totals) {
                if row.number == wanted { return (row, skipped, []) }
                if row.number > wanted {
                    throw .input("\(path) [\(sheet)]: input.header_row is \(wanted), but that row is empty; the next row with a value is \(row.number)")
                }
                skipped += 1
            }
            throw .input("\(path) [\(sheet)]: input.header_row is \(wanted), but the sheet ends before it")
        }
        while lookahead.count < HeaderChoice.rowsLooked, let row = try nextRecord(rows, path: path, totals: &totals) { lookahead.append(row) }
        guard !lookahead.isEmpty else { throw .input("\(path): sheet \"\(sheet)\" is empty; it needs a header row") }
        let index = HeaderChoice.index(in: lookahead.map { $0.cells.map { XLSXRowSource.text(of: $0).text } }, columns: input.mappingColumns)
        return (lookahead[index], index, Array(lookahead[(index + 1)...]))
    }

    /// The header's names: the first row's cells as text, without empty cells at its end.
    static func headerNames(_ row: XLSXRow) -> [String] {
        var names = row.cells.map { XLSXRowSource.text(of: $0).text }
        while names.last?.isEmpty == true { names.removeLast() }
        return names
    }

    /// The text of a cell, and what is wrong with it if anything.
    static func text(of cell: XLSXCell) -> (text: String, problem: String?) {
        switch cell {
        case .empty: return ("", nil)
        case let .text(text): return (text, nil)
        case let .number(number): return (formatNumber(number), nil)
        case let .boolean(flag): return (flag ? "TRUE" : "FALSE", nil)
        case let .error(code): return (code, nil)
        case let .damaged(reason): return ("", reason)
        case let .date(serial, system1904, hasDate, hasTime): return (formatDate(serial, system1904: system1904, hasDate: hasDate, hasTime: hasTime), nil)
        }
    }

    /// A number in the General format as Excel shows it (`NumberFormat.general`).
    static func formatNumber(_ stored: String) -> String {
        NumberFormat.general(stored)
    }

    /// A serial day count as an ISO date, date-time or time.
    static func formatDate(_ serial: Double, system1904: Bool, hasDate: Bool, hasTime: Bool) -> String {
        let days = Int(serial.rounded(.down))
        var seconds = Int(((serial - Double(days)) * 86400).rounded())
        var dayShift = 0
        if seconds >= 86400 { seconds -= 86400; dayShift = 1 }
        let time = pad(seconds / 3600, 2) + ":" + pad(seconds % 3600 / 60, 2) + ":" + pad(seconds % 60, 2)
        guard hasDate else { return time }
        let dateText: String
        if system1904 {
            let base = CivilDate(year: 1904, month: 1, day: 1)?.daysSinceEpoch ?? 0
            dateText = CivilDate(daysSinceEpoch: base + days + dayShift).description
        } else if let date = DateReader.excelDate(serial: days + dayShift) {
            dateText = date.description
        } else {
            // Serial 60 is Excel's 29 February 1900, a day that never was: left for validation to reject.
            dateText = "1900-02-29"
        }
        return hasTime ? dateText + "T" + time : dateText
    }

    static func columnName(_ index: Int) -> String {
        var name = ""
        var value = index + 1
        while value > 0 {
            let remainder = (value - 1) % 26
            name = String(UnicodeScalar(UInt8(65 + remainder))) + name
            value = (value - 1) / 26
        }
        return name
    }
}
