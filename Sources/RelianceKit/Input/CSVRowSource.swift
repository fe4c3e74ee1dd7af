import CSVCore

/// Reads a CSV export row by row: header first, then decoded rows checked against it.
final class CSVRowSource {
    let path: String
    let reader: CSVReader
    /// Header names trimmed, as the mapping refers to them.
    let header: [String]
    /// Header names exactly as read, for the rejects report.
    let rawHeader: [String]
    /// Whether the input is a rejects report fed back, whose neutralized cells are restored.
    let isRejectsReport: Bool
    private var record = CSVRecord()

    init(path: String, input: InputSettings, chunkSize: Int = 1 << 16) throws(ConvertError) {
        self.path = path
        do {
            reader = try CSVReader(path: path, delimiter: input.delimiter, chunkSize: chunkSize)
        } catch {
            throw .input(error.description)
        }
        let lead = reader.leadingBytes
        if lead.starts(with: [0xFF, 0xFE]) || lead.starts(with: [0xFE, 0xFF]) {
            throw .input("\(path): the file is UTF-16 text; save it as UTF-8 (CSV UTF-8 in Excel)")
        }
        var headerRecord = CSVRecord()
        let hasHeader: Bool
        do {
            hasHeader = try reader.next(into: &headerRecord)
        } catch {
            throw .input(error.description)
        }
        guard hasHeader else { throw .input("\(path): the file is empty; it needs a header line") }
        if let problem = headerRecord.problem {
            throw .input("\(path):\(headerRecord.line): the header line is malformed: \(problem)")
        }
        var raw: [String] = []
        for (index, field) in headerRecord.fields.enumerated() {
            guard let name = String(validating: field, as: UTF8.self) else {
                throw .input("\(path):\(headerRecord.line): header column \(index + 1) is not valid UTF-8")
            }
            raw.append(name)
        }
        let trimmed = raw.map { $0.trimmingCharacters(in: .whitespaces) }
        var seen: [String: Int] = [:]
        for (index, name) in trimmed.enumerated() {
            if name.isEmpty, raw.count > 1 {
                throw .input("\(path):\(headerRecord.line):\(index + 1): header column \(index + 1) has no name")
            }
            if let first = seen[name] {
                throw .input("\(path):\(headerRecord.line): the header names \"\(name)\" twice (columns \(first + 1) and \(index + 1))")
            }
            seen[name] = index
        }
        rawHeader = raw
        header = trimmed
        isRejectsReport = trimmed.suffix(3) == RejectsWriter.extraColumns[...]
    }

    var delimiter: UInt8 { reader.delimiter }

    /// The next data row, or nil at the end of the file.
    func next() throws(ConvertError) -> InputRow? {
        let more: Bool
        do {
            more = try reader.next(into: &record)
        } catch {
            throw .input(error.description)
        }
        guard more else { return nil }
        var row = InputRow(number: record.number, line: record.line, cells: [], problems: [])
        row.cells.reserveCapacity(record.count)
        for index in 0..<record.count {
            let field = record.field(index)
            if let text = String(validating: field, as: UTF8.self) {
                row.cells.append(isRejectsReport ? CSVRowSource.restoreNeutralized(text) : text)
            } else {
                let column = index < header.count ? header[index] : "column \(index + 1)"
                row.problems.append(Finding(.error, .invalidEncoding, field: "row", raw: nil,
                                            "line \(record.line), column \(quotedName(column)): bytes that are not valid UTF-8; save the file as UTF-8"))
                row.cells.append(String(decoding: field, as: UTF8.self))
            }
        }
        if let problem = record.problem {
            let code: FindingCode = switch problem {
            case .unterminatedQuote: .unterminatedQuote
            case .textAfterClosingQuote: .textAfterQuote
            case .recordTooLong: .recordTooLong
            }
            row.problems.append(Finding(.error, code, field: "row", raw: nil, "line \(record.line): \(problem)"))
        } else if record.count != header.count {
            let extra = record.count > header.count
                ? "; extra values: " + row.cells[header.count...].map(quoted).joined(separator: ", ") : ""
            row.problems.append(Finding(.error, .wrongFieldCount, field: "row", raw: nil,
                                        "line \(record.line) has \(record.count) fields but the header has \(header.count)\(extra); check for an unquoted delimiter"))
        }
        return row
    }

    /// Undoes the `'` that `rejects.csv` puts before cells Excel would run as formulas.
    static func restoreNeutralized(_ cell: String) -> String {
        let bytes = cell.utf8
        guard bytes.count >= 2, bytes.first == UInt8(ascii: "'"),
              RejectsWriter.formulaStarts.contains(bytes[bytes.index(after: bytes.startIndex)]) else { return cell }
        return String(cell.dropFirst())
    }
}

func quotedName(_ name: String) -> String { "\"\(name)\"" }
