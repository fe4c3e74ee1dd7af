import Testing
@testable import XLSXCore

/// The rows a workbook's first read keeps, read back as the sheet reader gave them.
@Suite("Row recording")
struct RowRecordingTests {
    /// Rows with every kind of cell, runs of empty cells, a value right of the limit, a totals row,
    /// text past one varint byte and row numbers past two.
    static let rows: [XLSXRow] = [
        XLSXRow(number: 1, cells: [.text("Kundennr"), .text("Name"), .text("Geburtsdatum"), .text("Aktiv")]),
        XLSXRow(number: 2, cells: [.number("4711"), .text("Müller & Söhne"), .date(serial: 31118, system1904: false, hasDate: true, hasTime: false), .boolean(true)]),
        XLSXRow(number: 3, cells: [.empty, .empty, .empty, .boolean(false)], outside: (column: 16_383, cell: .text("rechts"))),
        XLSXRow(number: 200, cells: [.text(String(repeating: "ß", count: 300)), .error("#N/A"), .damaged("shared string 9 does not exist"), .empty]),
        XLSXRow(number: 70_000, cells: [.date(serial: 29656.75, system1904: true, hasDate: true, hasTime: true),
                                        .date(serial: 0.5, system1904: false, hasDate: false, hasTime: true),
                                        .date(serial: -1.25e-7, system1904: true, hasDate: false, hasTime: true), .number("4.5E-3")]),
        XLSXRow(number: 1_048_576, cells: [.text("Summe"), .empty, .empty, .number("12")], isTableTotals: true),
        XLSXRow(number: 1_048_577, cells: []),
    ]

    @Test("every row comes back with its number, cells, value right of the limit and totals mark")
    func roundTrip() {
        var recording = RowRecording(limit: 1 << 20)
        for row in RowRecordingTests.rows { recording.append(row) }
        #expect(recording.isKept)
        #expect(recording.count == RowRecordingTests.rows.count)
        let read = recording.rows()
        #expect(read.fractionRead == 0)
        for row in RowRecordingTests.rows {
            let back = read.next()
            #expect(back?.number == row.number)
            #expect(back?.cells == row.cells)
            #expect(back?.outside?.column == row.outside?.column)
            #expect(back?.outside?.cell == row.outside?.cell)
            #expect(back?.isTableTotals == row.isTableTotals)
        }
        #expect(read.next() == nil)
        #expect(read.fractionRead == 1)
    }

    @Test("a row that would pass the limit drops the whole recording, and nothing more is kept")
    func limit() {
        var sizing = RowRecording(limit: 1 << 20)
        for row in RowRecordingTests.rows.prefix(2) { sizing.append(row) }
        var recording = RowRecording(limit: sizing.byteCount)
        for row in RowRecordingTests.rows.prefix(2) { recording.append(row) }
        #expect(recording.isKept)
        #expect(recording.byteCount == sizing.byteCount)
        recording.append(RowRecordingTests.rows[2])
        #expect(!recording.isKept)
        #expect(recording.count == 0)
        #expect(recording.byteCount == 0)
        recording.append(RowRecordingTests.rows[0])
        #expect(recording.byteCount == 0)
        #expect(recording.rows().next() == nil)
    }

    @Test("rows spread over many blocks, and a row larger than a block, come back whole and in order")
    func blocks() {
        var recording = RowRecording(limit: 64 << 20)
        var rows: [XLSXRow] = []
        for number in 1...600 {
            rows.append(XLSXRow(number: number, cells: [.number(String(number)), .text(String(repeating: "x", count: 5_000 + number))]))
        }
        rows.insert(XLSXRow(number: 601, cells: (0..<3).map { .text(String(repeating: Character(String($0)), count: 1 << 20)) }), at: 300)
        for row in rows { recording.append(row) }
        #expect(recording.byteCount > 6 * RowRecording.blockSize)
        let read = recording.rows()
        var fraction = 0.0
        for row in rows {
            let back = read.next()
            #expect(back?.number == row.number && back?.cells == row.cells)
            #expect(read.fractionRead > fraction)
            fraction = read.fractionRead
        }
        #expect(read.next() == nil && read.fractionRead == 1)
    }
}
