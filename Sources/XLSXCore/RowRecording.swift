/// Rows of a sheet kept as compact bytes while the sheet is read, so they can be read a second
/// time without inflating and parsing the sheet again.
///
/// A row costs its number, its cell count and, per cell, one tag byte and the cell's text
/// (a run of empty cells is one tag and a count), far less than the sheet's XML, since the
/// tags around a value are most of it. Recording stops, and what was kept is dropped, when a row
/// would take the bytes past `limit`: the caller then reads the sheet again.
///
/// The bytes are kept in blocks of 1 MiB, each row wholly in one: a single buffer would grow by
/// copying, holding the old and the new buffer at once, and reserving `limit` up front would ask
/// for address space a limited process may not have.
public struct RowRecording {
    private var blocks: [[UInt8]] = []
    /// What the last block has room for.
    private var room = 0
    static let blockSize = 1 << 20
    /// One row's bytes, encoded before they are added.
    private var encoded: [UInt8] = []
    /// The most bytes the recording may hold.
    public let limit: Int
    /// Whether every row appended so far is kept; false once `limit` was passed.
    public private(set) var isKept = true
    /// How many rows are kept, in how many bytes.
    public private(set) var count = 0
    public private(set) var byteCount = 0

    public init(limit: Int) {
        self.limit = limit
    }

    /// Keeps `row`, or drops the whole recording when it would take the bytes past `limit`.
    public mutating func append(_ row: XLSXRow) {
        guard isKept else { return }
        encoded.removeAll(keepingCapacity: true)
        RowRecording.varint(row.number, to: &encoded)
        RowRecording.varint(row.cells.count, to: &encoded)
        var empties = 0
        for cell in row.cells {
            if case .empty = cell {
                empties += 1
                continue
            }
            RowRecording.emptyRun(empties, to: &encoded)
            empties = 0
            RowRecording.encode(cell, to: &encoded)
        }
        RowRecording.emptyRun(empties, to: &encoded)
        if let (column, cell) = row.outside {
            encoded.append(1)
            RowRecording.varint(column, to: &encoded)
            RowRecording.encode(cell, to: &encoded)
        } else {
            encoded.append(0)
        }
        encoded.append(row.isTableTotals ? 1 : 0)
        guard byteCount + encoded.count <= limit else {
            isKept = false
            count = 0
            byteCount = 0
            blocks = []
            room = 0
            encoded = []
            return
        }
        if encoded.count <= room {
            blocks[blocks.count - 1].append(contentsOf: encoded)
            room -= encoded.count
        } else {
            var block: [UInt8] = []
            block.reserveCapacity(max(RowRecording.blockSize, encoded.count))
            block.append(contentsOf: encoded)
            room = max(RowRecording.blockSize, encoded.count) - encoded.count
            blocks.append(block)
        }
        byteCount += encoded.count
        count += 1
    }

    /// The rows kept, from the first.
    public func rows() -> RecordedRows {
        RecordedRows(blocks: blocks, byteCount: byteCount)
    }

    enum Tag: UInt8 {
        /// A run of empty cells, followed by its length.
        case empty
        case text, number, error, damaged
        case dateTime, dateOnly, timeOnly
        case dateTime1904, dateOnly1904, timeOnly1904
        case falseValue, trueValue
    }

    private static func emptyRun(_ length: Int, to bytes: inout [UInt8]) {
        guard length > 0 else { return }
        bytes.append(Tag.empty.rawValue)
        varint(length, to: &bytes)
    }

    private static func encode(_ cell: XLSXCell, to bytes: inout [UInt8]) {
        switch cell {
        case .empty:
            emptyRun(1, to: &bytes)
        case let .text(text): encode(.text, text, to: &bytes)
        case let .number(text): encode(.number, text, to: &bytes)
        case let .error(text): encode(.error, text, to: &bytes)
        case let .damaged(text): encode(.damaged, text, to: &bytes)
        case let .boolean(flag):
            bytes.append((flag ? Tag.trueValue : Tag.falseValue).rawValue)
        case let .date(serial, system1904, hasDate, hasTime):
            let tag: Tag = switch (system1904, hasDate, hasTime) {
            case (false, true, true): .dateTime
            case (false, true, false): .dateOnly
            case (false, false, _): .timeOnly
            case (true, true, true): .dateTime1904
            case (true, true, false): .dateOnly1904
            case (true, false, _): .timeOnly1904
            }
            bytes.append(tag.rawValue)
            var bits = serial.bitPattern
            for _ in 0..<8 {
                bytes.append(UInt8(truncatingIfNeeded: bits))
                bits >>= 8
            }
        }
    }

    private static func encode(_ tag: Tag, _ text: String, to bytes: inout [UInt8]) {
        bytes.append(tag.rawValue)
        var text = text
        text.withUTF8 { utf8 in
            varint(utf8.count, to: &bytes)
            bytes.append(contentsOf: utf8)
        }
    }

    /// LEB128: seven bits a byte, the high bit set on every byte but the last.
    static func varint(_ value: Int, to bytes: inout [UInt8]) {
        var rest = UInt(value)
        while rest >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: rest) | 0x80)
            rest >>= 7
        }
        bytes.append(UInt8(rest))
    }
}

/// Reads back the rows of a `RowRecording`, each as the sheet reader gave it.
public final class RecordedRows {
    private let blocks: [[UInt8]]
    private let byteCount: Int
    private var block = 0
    private var offset = 0
    private var read = 0

    init(blocks: [[UInt8]], byteCount: Int) {
        self.blocks = blocks
        self.byteCount = byteCount
    }

    /// The share of the recording read so far, from 0 to 1.
    public var fractionRead: Double { byteCount == 0 ? 1 : Double(read) / Double(byteCount) }

    /// The next row, or nil after the last.
    public func next() -> XLSXRow? {
        while block < blocks.count, offset == blocks[block].count {
            block += 1
            offset = 0
        }
        guard block < blocks.count else { return nil }
        return blocks[block].withUnsafeBufferPointer { buffer in
            var reader = Reader(bytes: buffer, offset: offset)
            let row = reader.row()
            read += reader.offset - offset
            offset = reader.offset
            return row
        }
    }

    /// Decodes what `RowRecording` encoded; the bytes are its own, so they are trusted.
    private struct Reader {
        let bytes: UnsafeBufferPointer<UInt8>
        var offset: Int

        mutating func row() -> XLSXRow {
            let number = varint()
            let width = varint()
            var cells: [XLSXCell] = []
            cells.reserveCapacity(width)
            while cells.count < width {
                let tag = byte()
                if tag == RowRecording.Tag.empty.rawValue {
                    cells.append(contentsOf: repeatElement(.empty, count: varint()))
                } else {
                    cells.append(cell(tag))
                }
            }
            var outside: (column: Int, cell: XLSXCell)?
            if byte() == 1 {
                let column = varint()
                let tag = byte()
                if tag == RowRecording.Tag.empty.rawValue { _ = varint() }
                outside = (column, cell(tag))
            }
            let totals = byte() == 1
            return XLSXRow(number: number, cells: cells, outside: outside, isTableTotals: totals)
        }

        private mutating func cell(_ raw: UInt8) -> XLSXCell {
            switch RowRecording.Tag(rawValue: raw) ?? .damaged {
            case .empty: return .empty
            case .text: return .text(text())
            case .number: return .number(text())
            case .error: return .error(text())
            case .damaged: return .damaged(text())
            case .falseValue: return .boolean(false)
            case .trueValue: return .boolean(true)
            case .dateTime: return date(system1904: false, hasDate: true, hasTime: true)
            case .dateOnly: return date(system1904: false, hasDate: true, hasTime: false)
            case .timeOnly: return date(system1904: false, hasDate: false, hasTime: true)
            case .dateTime1904: return date(system1904: true, hasDate: true, hasTime: true)
            case .dateOnly1904: return date(system1904: true, hasDate: true, hasTime: false)
            case .timeOnly1904: return date(system1904: true, hasDate: false, hasTime: true)
            }
        }

        private mutating func date(system1904: Bool, hasDate: Bool, hasTime: Bool) -> XLSXCell {
            var bits: UInt64 = 0
            for shift in stride(from: 0, to: 64, by: 8) { bits |= UInt64(byte()) << UInt64(shift) }
            return .date(serial: Double(bitPattern: bits), system1904: system1904, hasDate: hasDate, hasTime: hasTime)
        }

        private mutating func text() -> String {
            let length = varint()
            let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[offset..<offset + length]), as: UTF8.self)
            offset += length
            return text
        }

        private mutating func byte() -> UInt8 {
            defer { offset += 1 }
            return bytes[offset]
        }

        private mutating func varint() -> Int {
            var value: UInt = 0
            var shift: UInt = 0
            while true {
                let next = byte()
                value |= UInt(next & 0x7F) << shift
                if next < 0x80 { return Int(value) }
                shift += 7
            }
        }
    }
}
