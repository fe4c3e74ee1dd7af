/// Streams the rows of one sheet: `<row>` by `<row>`, each cell placed in its column.
public final class XLSXSheetReader {
    private let tokenizer: XMLTokenizer
    private let workbook: XLSXWorkbook
    private let progress: () -> Double
    /// The totals rows of the sheet's Excel tables, marked on the rows that are read.
    private let totals: [TableTotals]

    init(tokenizer: XMLTokenizer, workbook: XLSXWorkbook, totals: [TableTotals], progress: @escaping () -> Double) {
        self.tokenizer = tokenizer
        self.workbook = workbook
        self.totals = totals
        self.progress = progress
    }

    /// The share of the sheet read so far, from 0 to 1.
    public var fractionRead: Double { progress() }

    private var lastRow = 0

    /// Columns at or past this are not placed in a row's cells (only the first with a value is
    /// kept, as `outside`): set to the header's width once it is known, so a cell referenced at
    /// column XFD costs one cell, not sixteen thousand.
    public var columnLimit = XLSXWorkbook.maxColumns
    private var outside: (column: Int, cell: XLSXCell)?

    /// Whether `</sheetData>` was read: a sheet that ends before it was cut short, and rows
    /// after the cut would be lost unseen.
    private var sheetDataClosed = false

    /// The next row that has at least one cell element, or nil at the end of the sheet.
    public func next() throws(XLSXError) -> XLSXRow? {
        while !sheetDataClosed, let event = try tokenizer.next() {
            switch event {
            case let .end(name) where name.localName == "sheetData":
                sheetDataClosed = true
                continue
            case let .start(name, _, true) where name.localName == "sheetData":
                sheetDataClosed = true
                continue
            default:
                break
            }
            guard case let .start(name, attributes, selfClosing) = event, name.localName == "row" else { continue }
            let number = attributes["r"].flatMap { Int($0) } ?? lastRow + 1
            guard number > lastRow else { throw .damaged("row \(number) comes after row \(lastRow)") }
            lastRow = number
            if selfClosing { continue }
            outside = nil
            let cells = try readCells(row: number)
            if outside != nil || cells.contains(where: { $0 != .empty }) {
                var row = XLSXRow(number: number, cells: cells, outside: outside)
                row.isTableTotals = totals.contains { $0.covers(row) }
                return row
            }
        }
        guard sheetDataClosed else { throw .damaged("the sheet ends before its </sheetData>: the file was cut short after row \(lastRow)") }
        return nil
    }

    private func readCells(row: Int) throws(XLSXError) -> [XLSXCell] {
        var cells: [XLSXCell] = []
        var nextColumn = 0
        var column = 0
        var type = "n"
        var style = 0
        var value = ""
        var inline = ""
        var overlong = false
        var capture: Capture = .none
        var inCell = false
        while let event = try tokenizer.next() {
            switch event {
            case let .start(name, attributes, selfClosing):
                switch name.localName {
                case "c":
                    if let reference = attributes["r"] {
                        guard let parsed = XLSXSheetReader.column(of: reference) else {
                            throw .damaged("row \(row): cell reference \"\(reference)\" is not a column and row")
                        }
                        column = parsed
                    } else {
                        column = nextColumn
                    }
                    guard column < XLSXWorkbook.maxColumns else {
                        throw .limit("row \(row) has a cell beyond column XFD, the last Excel allows")
                    }
                    guard column >= nextColumn else { throw .damaged("row \(row): cells are out of order") }
                    type = attributes["t"] ?? "n"
                    style = attributes["s"].flatMap { Int($0) } ?? 0
                    value = ""
                    inline = ""
                    overlong = false
                    inCell = !selfClosing
                    if selfClosing {
                        place(.empty, at: column, in: &cells)
                        nextColumn = column + 1
                    }
                case "v" where inCell: capture = selfClosing ? .none : .value
                case "t" where inCell: capture = selfClosing ? .none : .inline
                case "rPh" where inCell: capture = .none
                default: break
                }
            case let .text(text):
                // Limited as the text arrives: a cell is never held past `maxCellBytes`.
                switch capture {
                case .value where !overlong: value += text
                case .inline where !overlong: inline += text
                default: break
                }
                if value.utf8.count + inline.utf8.count > XLSXWorkbook.maxCellBytes {
                    (value, inline, overlong) = ("", "", true)
                }
            case let .end(name):
                switch name.localName {
                case "v", "t": capture = .none
                case "c" where inCell:
                    let read = overlong
                        ? XLSXCell.damaged("the cell holds more than \(XLSXWorkbook.maxCellBytes >> 20) MiB of text, the most a cell may hold")
                        : cell(type: type, style: style, value: value, inline: inline)
                    place(read, at: column, in: &cells)
                    nextColumn = column + 1
                    inCell = false
                case "row":
                    return cells
                default: break
                }
            }
        }
        throw .damaged("the sheet ends inside row \(row)")
    }

    private enum Capture { case none, value, inline }

    private func place(_ cell: XLSXCell, at column: Int, in cells: inout [XLSXCell]) {
        guard column < columnLimit else {
            if outside == nil, cell != .empty { outside = (column, cell) }
            return
        }
        while cells.count < column { cells.append(.empty) }
        cells.append(cell)
    }

    private func cell(type: String, style: Int, value: String, inline: String) -> XLSXCell {
        switch type {
        case "s":
            switch Int(value.trimmingSpaces()).map({ workbook.sharedStrings[$0] }) ?? .missing {
            case let .text(text): return text.isEmpty ? .empty : .text(text)
            case .missing: return .damaged("shared string \(value) does not exist")
            case .oversized: return .damaged("shared string \(value) holds more than \(XLSXWorkbook.maxCellBytes >> 20) MiB of text, the most a cell may hold")
            }
        case "inlineStr":
            let text = XLSXWorkbook.unescapeOOXML(inline)
            return text.isEmpty ? .empty : .text(text)
        case "str":
            return value.isEmpty ? .empty : .text(XLSXWorkbook.unescapeOOXML(value))
        case "b":
            return .boolean(value.trimmingSpaces() == "1")
        case "e":
            return .error(value)
        case "d":
            return .text(value)
        default:
            let number = value.trimmingSpaces()
            if number.isEmpty { return .empty }
            // Excel stores no NaN or infinity: such a number is damage, as is one past Double's range.
            guard let serial = Double(number), serial.isFinite else { return .damaged("\"\(number)\" is not a number") }
            switch workbook.cellFormats[style] {
            case let .date(hasDate, hasTime, subsecondDigits)?:
                // Excel shows a date or time outside its calendar as ####, never as a date.
                guard serial >= 0, serial < XLSXSheetReader.serialLimit(system1904: workbook.uses1904) else {
                    return .damaged("\(number) is in a date format but outside the dates Excel shows (it shows ####)")
                }
                // Day 0 of the 1900 system is no day: Excel shows it as 00.01.1900.
                if hasDate, !workbook.uses1904, serial < 1 {
                    return .damaged("\(number) is in a date format but before 1900-01-01 (Excel shows 00.01.1900)")
                }
                let shown = subsecondDigits > 0 ? NumberFormat.wholeSecondShown(serial, subsecondDigits: subsecondDigits) : serial
                return .date(serial: shown, system1904: workbook.uses1904, hasDate: hasDate, hasTime: hasTime)
            case let .elapsed(largest, minutes, seconds)?:
                guard abs(serial) < XLSXSheetReader.serialLimit(system1904: workbook.uses1904) else {
                    return .damaged("\(number) is in a duration format but longer than Excel shows (it shows ####)")
                }
                return .text(NumberFormat.elapsedText(serial, largest: largest, minutes: minutes, seconds: seconds))
            case let format?:
                // Padded or rounded digits are what the person sees (01067, 3.50): taken as the cell's text.
                return NumberFormat.render(number, format).map(XLSXCell.text) ?? .number(number)
            case nil:
                return .number(number)
            }
        }
    }

    /// The first serial past 9999-12-31, Excel's last day: 2958466 in the 1900 date system,
    /// 2957004 in the 1904 one.
    static func serialLimit(system1904: Bool) -> Double {
        system1904 ? 2_957_004 : 2_958_466
    }

    /// `AB12` → 12 (1-based row).
    static func row(of reference: String) -> Int? {
        guard column(of: reference) != nil, let digits = reference.firstIndex(where: \.isNumber) else { return nil }
        return Int(reference[digits...])
    }

    /// `AB12` → 27 (0-based column).
    static func column(of reference: String) -> Int? {
        var column = 0
        var letters = 0
        for scalar in reference.unicodeScalars {
            switch scalar.value {
            case 0x41...0x5A:
                column = column * 26 + Int(scalar.value - 0x40)
                letters += 1
                if letters > 3 { return nil }
            case 0x61...0x7A:
                column = column * 26 + Int(scalar.value - 0x60)
                letters += 1
                if letters > 3 { return nil }
            case 0x30...0x39:
                guard letters > 0 else { return nil }
            default:
                return nil
            }
        }
        return letters > 0 ? column - 1 : nil
    }
}
