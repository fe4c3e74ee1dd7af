import CSVCore
import FileSystem

/// Reads a CSV export row by row: header first, then decoded rows checked against it.
final class CSVRowSource: RowSource {
    let path: String
    let reader: CSVReader
    /// Header names trimmed, as the mapping refers to them.
    let header: [String]
    /// Header names exactly as read, for the rejects report.
    let rawHeader: [String]
    let reportColumns: Int
    private var record = CSVRecord()
    /// Records read while choosing the header, handed out before the reader goes on.
    private var pending: [CSVRecord] = []
    private var pendingIndex = 0
    /// Empty header cells at the end of the header, left out: a row may hold as many empty cells
    /// under them, and a value there is a wrong field count.
    let emptyColumnsIgnored: Int
    /// Rows above the header (a title block), skipped.
    let rowsAboveHeader: Int
    /// The line the header starts on.
    let headerLine: Int
    /// The most fields a header may have: Excel's column limit (`XLSXWorkbook.maxColumns`). A
    /// wider header is a wrong delimiter or a damaged file, and would cost memory for every row.
    static let maxHeaderFields = 16_384
    /// Fields a row keeps beyond the header's (with its ignored empty cells), to show in its
    /// `wrong-field-count` message; the rest are counted, so a row costs at most the header's width.
    static let extraFieldsShown = 5

    /// The encoding the file was decoded from; anything but UTF-8 is decoded to an unnamed temporary file first.
    let encoding: TextEncoding
    /// Whether the reader opened `path` itself (no descriptor was given): only then can the
    /// input be missing; a file already open that fails to read is the moment's fault.
    private let openedHere: Bool

    /// - Parameters:
    ///   - path: the input as the user named it, for messages.
    ///   - source: the input, open (the descriptor the inspection holds); opened here from `path` when nil.
    init(path: String, readingFrom source: FileDescriptor? = nil, input: InputSettings, encoding: TextEncoding = .utf8,
         chunkSize: Int = 1 << 16) throws(ConvertError) {
        self.path = path
        self.encoding = encoding
        let openedHere = source == nil && encoding == .utf8
        self.openedHere = openedHere
        let file = try Self.file(path, source: source, encoding: encoding)
        let reader: CSVReader
        do throws(CSVReadError) {
            if let file {
                reader = try CSVReader(file: file, path: path, delimiter: input.delimiter, chunkSize: chunkSize)
            } else {
                reader = try CSVReader(path: path, delimiter: input.delimiter, chunkSize: chunkSize)
            }
        } catch {
            throw Self.failure(error, openedHere: openedHere)
        }
        self.reader = reader
        var lookahead: [CSVRecord] = []
        var headerRecord = CSVRecord()
        var skipped = 0
        // One more than a header may hold: enough to tell that it is too wide.
        reader.maxFields = Self.maxHeaderFields + 1
        while lookahead.count < HeaderChoice.rowsLooked {
            var next = CSVRecord()
            guard try Self.next(reader, into: &next, openedHere: openedHere) else { break }
            lookahead.append(next)
        }
        guard !lookahead.isEmpty else { throw .emptyInput(path) }
        if let row = input.headerRow {
            // The record that starts on that line, reading on past the lookahead if need be.
            var index = 0
            var current = lookahead[0]
            while current.line < row {
                index += 1
                if index < lookahead.count {
                    current = lookahead[index]
                } else if try Self.next(reader, into: &current, openedHere: openedHere) == false {
                    throw ConvertError.input("\(path): input.header_row is \(row) but the file ends on line \(current.line)")
                }
            }
            guard current.line == row else {
                throw ConvertError.input("\(path): input.header_row is \(row), but no record starts on line \(row) (a blank line, or inside a quoted field); the next starts on line \(current.line)")
            }
            headerRecord = current
            skipped = index
            lookahead = index < lookahead.count ? Array(lookahead[(index + 1)...]) : []
        } else {
            let index = HeaderChoice.index(in: lookahead.map { record in record.fields.map { String(decoding: $0, as: UTF8.self) } },
                                          columns: input.mappingColumns)
            headerRecord = lookahead[index]
            skipped = index
            lookahead = Array(lookahead[(index + 1)...])
        }
        pending = lookahead
        rowsAboveHeader = skipped
        headerLine = headerRecord.line
        if let problem = headerRecord.problem {
            throw .input("\(path):\(headerRecord.line): the header line is malformed: \(problem)")
        }
        if headerRecord.fieldCount > Self.maxHeaderFields {
            throw .input("\(path):\(headerRecord.line): the header has \(headerRecord.fieldCount) columns, more than the \(Self.maxHeaderFields) a sheet can hold; check input.delimiter and input.header_row")
        }
        var raw: [String] = []
        for (index, field) in headerRecord.fields.enumerated() {
            guard let name = String(validating: field, as: UTF8.self), !name.unicodeScalars.contains("\u{FFFD}") || encoding == .utf8 else {
                throw .input("\(path):\(headerRecord.line): header column \(index + 1) holds bytes that are not valid \(encoding.rawValue); set input.encoding")
            }
            raw.append(name)
        }
        var trimmed = raw.map { $0.trimmingCharacters(in: .whitespaces) }
        // Excel writes a delimiter after the last cell of every line when the sheet's used range
        // reaches one column further: empty header cells at the end, with nothing under them.
        var ignored = 0
        while trimmed.count > 1, trimmed.last?.isEmpty == true {
            trimmed.removeLast()
            ignored += 1
        }
        try Self.checkHeader(trimmed, path: path, line: headerRecord.line)
        emptyColumnsIgnored = ignored
        reader.maxFields = raw.count + Self.extraFieldsShown
        rawHeader = Array(raw.prefix(trimmed.count))
        header = trimmed
        reportColumns = RejectsColumns.count(in: trimmed)
    }

    /// What the reader reads: the input's decoded copy (an unnamed temporary file, freed when the
    /// reader closes it) when it is not UTF-8, else the input as open; nil to open `path`.
    private static func file(_ path: String, source: FileDescriptor?, encoding: TextEncoding) throws(ConvertError) -> FileDescriptor? {
        guard encoding != .utf8 else { return source }
        return try Transcoder.toUTF8(path: path, readingFrom: source, from: encoding)
    }

    /// The reader's next record; a read that fails, as the run's error (`failure`).
    private static func next(_ reader: CSVReader, into record: inout CSVRecord, openedHere: Bool) throws(ConvertError) -> Bool {
        do {
            return try reader.next(into: &record)
        } catch {
            throw failure(error, openedHere: openedHere)
        }
    }

    /// A read that fails once the input was opened and hashed is the moment's fault (exit 3): the
    /// file was there and readable a moment ago. Messages name the input as the user named it.
    private static func failure(_ error: CSVReadError, openedHere: Bool) -> ConvertError {
        if case .cannotOpen = error, openedHere { return .input(error.description) }
        return .fault(error.description)
    }

    var delimiter: UInt8 { reader.delimiter }
    var rejectsDelimiter: UInt8 { reader.delimiter }
    var fractionRead: Double { reader.fileSize > 0 ? Double(reader.bytesConsumed) / Double(reader.fileSize) : 1 }

    /// The next data row, or nil at the end of the file.
    func next() throws(ConvertError) -> InputRow? {
        let more: Bool
        if pendingIndex < pending.count {
            record = pending[pendingIndex]
            pendingIndex += 1
            if pendingIndex == pending.count { pending = [] ; pendingIndex = 0 }
            more = true
        } else {
            more = try Self.next(reader, into: &record, openedHere: openedHere)
        }
        guard more else { return nil }
        var row = InputRow(number: record.number, line: record.line, cells: [], problems: [])
        // Records read while choosing the header were read with the header's limit, not the row's.
        let kept = min(record.count, reader.maxFields)
        row.cells.reserveCapacity(kept)
        // The record's buffer is read in place: a slice per field retained and released it each time.
        record.bytes.withUnsafeBufferPointer { all in
            var start = 0
            for (index, end) in record.fieldEnds.prefix(kept).enumerated() {
                let field = UnsafeBufferPointer(rebasing: all[start..<end])
                start = end
                // ASCII needs no validation; anything else is checked byte for byte, by the check
                // the input's inspection makes (0.25 % of `validate`'s instructions fewer than the
                // standard library's `String(validating:)`, which accepts exactly the same bytes).
                let decoded = field.allSatisfy { $0 < 0x80 } || UTF8Validator.isValid(UnsafeRawBufferPointer(field))
                    ? String(decoding: field, as: UTF8.self) : nil
                // The decoder marks bytes the source encoding does not define with U+FFFD.
                if let text = decoded, encoding == .utf8 || !text.unicodeScalars.contains("\u{FFFD}") {
                    row.cells.append(isRejectsReport ? CSVWriter.removingNeutralization(text) : text)
                } else {
                    let column = index < header.count ? header[index] : "column \(index + 1)"
                    row.problems.append(Finding(.error, .invalidEncoding, field: "row", raw: nil,
                                                "line \(record.line), column \(quotedName(column)): bytes that are not valid \(encoding.rawValue); check the file's encoding (input.encoding)"))
                    row.cells.append(decoded ?? String(decoding: field, as: UTF8.self))
                }
            }
        }
        if let problem = record.problem {
            let code: FindingCode = switch problem {
            case .unterminatedQuote: .unterminatedQuote
            case .textAfterClosingQuote: .textAfterQuote
            case .recordTooLong: .recordTooLong
            }
            row.problems.append(Finding(.error, code, field: "row", raw: nil, "line \(record.line): \(problem)"))
        } else if record.fieldCount > header.count, record.fieldCount <= header.count + emptyColumnsIgnored,
                  row.cells[header.count...].allSatisfy(\.isEmpty) {
            row.cells.removeSubrange(header.count...)
        } else if record.fieldCount != header.count {
            var extra = ""
            if record.fieldCount > header.count {
                let shown = row.cells[header.count...].prefix(Self.extraFieldsShown)
                let more = record.fieldCount - header.count - shown.count
                extra = "; extra values: " + shown.map(quoted).joined(separator: ", ") + (more > 0 ? " and \(more) more" : "")
            }
            row.problems.append(Finding(.error, .wrongFieldCount, field: "row", raw: nil,
                                        "line \(record.line) has \(record.fieldCount) fields but the header has \(header.count)\(extra); check for an unquoted delimiter"))
        }
        return row
    }

}

func quotedName(_ name: String) -> String { "\"\(name)\"" }
