/// A workbook's shared-strings table, held compactly: every string's UTF-8 bytes in one buffer
/// and where each ends, so a table of millions of entries costs the text plus four bytes each
/// (an array of `String`s cost sixteen more per entry, and a table of empty strings was all cost).
///
/// A string longer than `XLSXWorkbook.maxCellBytes` is not kept: only its index is remembered,
/// and a cell that uses it is damaged, as an overlong CSV record is.
struct SharedStrings {
    private var bytes: [UInt8] = []
    private var ends: [UInt32] = []
    private var oversized: Set<Int> = []

    var count: Int { ends.count }
    var byteCount: Int { bytes.count }

    mutating func append(_ text: String) {
        bytes.append(contentsOf: text.utf8)
        ends.append(UInt32(truncatingIfNeeded: bytes.count))
    }

    /// Records an entry that was too long to keep.
    mutating func appendOversized() {
        oversized.insert(ends.count)
        ends.append(UInt32(truncatingIfNeeded: bytes.count))
    }

    enum Lookup: Equatable {
        case text(String)
        case missing
        case oversized
    }

    subscript(index: Int) -> Lookup {
        guard index >= 0, index < ends.count else { return .missing }
        if oversized.contains(index) { return .oversized }
        let start = index == 0 ? 0 : Int(ends[index - 1])
        return .text(String(decoding: bytes[start..<Int(ends[index])], as: UTF8.self))
    }
}
