import CSVCore
import FileSystem
import Foundation
import XLSXCore

/// The first rows of an export as `init` reads them: the header row, its columns, and up to
/// `limit` data rows with their cells in column order.
///
/// `init` must read exports the converter's header rules do not take as they are, to write the
/// mapping that makes them readable: a DATEV file repeats a filler column (`Leerfeld`), Excel
/// leaves an empty last header cell after a trailing delimiter, a title block sits above the
/// header. So the rows are read raw here, through the same detection, decoding and workbook
/// reading as `convert`, and the header is chosen by `HeaderChoice` with repeated names told
/// apart; the mapping written then names only columns a mapping can name.
struct ExportSample {
    /// One header cell.
    struct Column {
        /// 0-based position in the row.
        let index: Int
        /// The name trimmed, as the mapping refers to it.
        let name: String
        /// Whether a mapping can name the column: its name is neither empty nor repeated.
        var canBeNamed: Bool
    }

    var columns: [Column]
    var rows: [[String]]
    /// The row (a CSV's line) the header is on, and how many rows lie above it.
    var headerRow: Int
    var rowsAboveHeader: Int
    var delimiter: UInt8?
    var sheet: String?
    var sheets: [String] = []

    /// The cells of column `index` in the sample rows, trimmed, empty ones left out.
    func values(_ index: Int) -> [String] {
        rows.compactMap { index < $0.count ? $0[index].trimmedSpaces : nil }.filter { !$0.isEmpty }
    }

    /// Reads `path` (CSV or workbook); `headerRow` names the header's row, else it is chosen.
    /// - Parameter held: the file as already inspected and held open (the studio's), read instead of
    ///   opening and hashing `path` again.
    static func read(_ path: String, held: InputDetection.Inspection? = nil, sheet: String?, headerRow: Int?,
                     limit: Int) throws(ConvertError) -> ExportSample {
        let inspection: InputDetection.Inspection
        if let held { inspection = held } else { inspection = try InputDetection.inspect(path) }
        let source = inspection.file
        if inspection.head.starts(with: CompoundFile.signature) {
            throw .input(CompoundFile.refusal(path, readingFrom: source))
        }
        var raw: RawRows
        if inspection.head.starts(with: [0x50, 0x4B, 0x03, 0x04]) {
            raw = try workbookRows(path, source: source, sheet: sheet, limit: limit + HeaderChoice.rowsLooked, until: headerRow)
        } else {
            raw = try csvRows(path, inspection: inspection, limit: limit + HeaderChoice.rowsLooked, until: headerRow)
        }
        guard !raw.rows.isEmpty else { throw .emptyInput(path) }
        let headerIndex: Int
        if let headerRow {
            guard let index = raw.rows.firstIndex(where: { $0.number == headerRow }) else {
                let last = raw.rows.last?.number ?? 0
                throw .input(headerRow > last
                    ? "\(path): --header-row is \(headerRow), but the \(raw.sheet == nil ? "file ends on line" : "sheet ends on row") \(last)"
                    : "\(path): --header-row is \(headerRow), but no \(raw.sheet == nil ? "record starts on that line" : "row with a value is numbered so")")
            }
            headerIndex = index
        } else {
            headerIndex = HeaderChoice.index(in: raw.rows.prefix(HeaderChoice.rowsLooked).map { distinguished($0.cells) })
        }
        let data = raw.rows[(headerIndex + 1)...].prefix(limit).map(\.cells)
        let columns = Self.columns(raw.rows[headerIndex].cells, data: data)
        return ExportSample(columns: columns, rows: data.map { Array($0.prefix(columns.count)) }, headerRow: raw.rows[headerIndex].number,
                            rowsAboveHeader: headerIndex, delimiter: raw.delimiter, sheet: raw.sheet, sheets: raw.sheets)
    }

    /// The header's columns: empty cells at its end with nothing under them in the sample are
    /// dropped (Excel's trailing delimiter); empty and repeated names stay, named by position.
    static func columns(_ header: [String], data: [[String]]) -> [Column] {
        var width = header.count
        while width > 0, header[width - 1].trimmedSpaces.isEmpty,
              !data.contains(where: { width - 1 < $0.count && !$0[width - 1].trimmedSpaces.isEmpty }) {
            width -= 1
        }
        let names = header.prefix(width).map { $0.trimmedSpaces }
        var counts: [String: Int] = [:]
        for name in names { counts[name, default: 0] += 1 }
        return names.enumerated().map { Column(index: $0.offset, name: $0.element, canBeNamed: !$0.element.isEmpty && counts[$0.element] == 1) }
    }

    /// A row's cells with repeated names told apart by position, for `HeaderChoice`, which
    /// takes a row naming a column twice for data.
    static func distinguished(_ cells: [String]) -> [String] {
        var seen: Set<String> = []
        return cells.enumerated().map { index, cell in
            let name = cell.trimmedSpaces
            return name.isEmpty || seen.insert(name).inserted ? cell : "\(name) (\(index + 1))"
        }
    }

    /// Rows read raw, each with its number (a CSV's line, a sheet's row).
    struct RawRows {
        var rows: [(number: Int, cells: [String])] = []
        var delimiter: UInt8?
        var sheet: String?
        var sheets: [String] = []

        /// Whether `limit` rows are read, counted from the header's row when one is named.
        func isEnough(_ limit: Int, _ headerRow: Int?) -> Bool {
            guard let headerRow else { return rows.count >= limit }
            guard let header = rows.firstIndex(where: { $0.number >= headerRow }) else { return false }
            return rows.count - header >= limit
        }
    }

    static func csvRows(_ path: String, inspection: InputDetection.Inspection, limit: Int, until headerRow: Int?) throws(ConvertError) -> RawRows {
        let (encoding, _) = try InputDetection.chooseEncoding("auto", inspection, path: path)
        let file = encoding == .utf8 ? inspection.file : try Transcoder.toUTF8(path: path, readingFrom: inspection.file, from: encoding)
        var raw = RawRows()
        do {
            let reader = try CSVReader(file: file, path: path, delimiter: nil)
            raw.delimiter = reader.delimiter
            var record = CSVRecord()
            while !raw.isEnough(limit, headerRow), try reader.next(into: &record) {
                raw.rows.append((record.line, record.fields.map { String(decoding: $0, as: UTF8.self) }))
            }
        } catch {
            throw .input("\(error)")
        }
        return raw
    }

    static func workbookRows(_ path: String, source: FileDescriptor, sheet: String?, limit: Int, until headerRow: Int?) throws(ConvertError) -> RawRows {
        var raw = RawRows()
        do throws(XLSXError) {
            let workbook = try XLSXWorkbook(file: source, path: path)
            let chosen = try workbook.sheet(sheet)
            raw.sheet = chosen.name
            raw.sheets = workbook.sheets.map(\.name)
            let reader = try workbook.rows(of: chosen)
            while !raw.isEnough(limit, headerRow), let row = try reader.next() {
                raw.rows.append((row.number, row.cells.map { XLSXRowSource.text(of: $0).text }))
            }
        } catch {
            throw .input("\(path): \(error)")
        }
        return raw
    }
}
