/// An RFC 4180 CSV parser written as a state machine over bytes.
///
/// It can stop at any byte and resume with the next chunk, keeps no input of
/// its own, and writes fields into a caller's reusable `CSVRecord`. Line ends
/// may be CRLF, LF or CR; blank lines between records are skipped but counted.
public struct CSVParser: Sendable {
    enum State: Sendable {
        case startOfRecord
        case startOfField
        case unquoted
        case quoted
        case quoteInQuoted
        case skippingLine
    }

    public let delimiter: UInt8
    public let maxRecordBytes: Int
    /// Fields kept per record; later ones are only counted (`CSVRecord.omittedFields`).
    public var maxFields: Int

    var state: State = .startOfRecord
    /// The physical line the next byte lies on.
    public private(set) var line: Int
    /// The absolute byte offset of the next byte.
    public private(set) var offset: Int
    /// The record number the next record will get.
    public private(set) var nextRecordNumber: Int
    /// Where the currently open quote started (for runaway quotes).
    public private(set) var quoteLine = 0
    public private(set) var quoteColumn = 0
    public private(set) var quoteOffset = 0
    private var column = 1
    private var lastWasCR = false

    public init(delimiter: UInt8, maxRecordBytes: Int = 1 << 20, maxFields: Int = .max, line: Int = 1, offset: Int = 0,
                nextRecordNumber: Int = 1) {
        self.delimiter = delimiter
        self.maxRecordBytes = maxRecordBytes
        self.maxFields = maxFields
        self.line = line
        self.offset = offset
        self.nextRecordNumber = nextRecordNumber
    }

    /// Consumes bytes until one record is complete or the input is used up.
    /// - Returns: how many bytes were consumed, and whether `record` now holds a complete record.
    public mutating func parse(_ input: UnsafeBufferPointer<UInt8>, into record: inout CSVRecord) -> (consumed: Int, complete: Bool) {
        var index = 0
        let count = input.count
        while index < count {
            let byte = input[index]
            index += 1
            let isCR = byte == 0x0D
            let isLF = byte == 0x0A
            // Physical line bookkeeping, independent of quoting.
            if isCR || (isLF && !lastWasCR) {
                line += 1
                column = 1
            } else if !isLF {
                column += 1
            }
            lastWasCR = isCR
            offset += 1
            let isNewline = isCR || isLF

            switch state {
            case .startOfRecord:
                if isNewline { continue }
                record.reset(number: nextRecordNumber, line: line, offset: offset - 1)
                nextRecordNumber += 1
                state = .startOfField
                if startField(byte, isNewline: false, input, &index, record: &record) { return (index, true) }
            case .startOfField:
                if startField(byte, isNewline: isNewline, input, &index, record: &record) { return (index, true) }
            case .unquoted:
                if byte == delimiter {
                    endField(&record)
                    state = .startOfField
                } else if isNewline {
                    endField(&record)
                    state = .startOfRecord
                    return (index, true)
                } else if appendRun(input, &index, quoted: false, to: &record) {
                    continue
                } else if !append(byte, to: &record) {
                    return (index, complete(&record))
                }
            case .quoted:
                if byte == 0x22 {
                    state = .quoteInQuoted
                } else if !isNewline, appendRun(input, &index, quoted: true, to: &record) {
                    continue
                } else if !append(byte, to: &record) {
                    return (index, runaway(&record))
                }
            case .quoteInQuoted:
                if byte == 0x22 {
                    state = .quoted
                    if !append(byte, to: &record) { return (index, runaway(&record)) }
                } else if byte == delimiter {
                    endField(&record)
                    state = .startOfField
                } else if isNewline {
                    endField(&record)
                    state = .startOfRecord
                    return (index, true)
                } else if quoteLine < line {
                    // A quoted field ran over a line end and "closed" in the middle of later text:
                    // the quote was a stray opening one that swallowed the lines after it.
                    return (index, runaway(&record))
                } else {
                    if record.problem == nil {
                        record.problem = .textAfterClosingQuote(line: line, column: column - 1)
                    }
                    state = .unquoted
                    if !append(byte, to: &record) { return (index, complete(&record)) }
                }
            case .skippingLine:
                if isNewline {
                    state = .startOfRecord
                    return (index, true)
                }
            }
        }
        return (index, false)
    }

    /// Ends the input: completes a record that has no final line end.
    /// - Returns: true when `record` holds one more record.
    public mutating func finish(into record: inout CSVRecord) -> Bool {
        defer { state = .startOfRecord }
        switch state {
        case .startOfRecord:
            return false
        case .startOfField, .unquoted, .quoteInQuoted:
            endField(&record)
            return true
        case .quoted:
            record.problem = .unterminatedQuote(line: quoteLine, column: quoteColumn)
            endField(&record)
            return true
        case .skippingLine:
            return true
        }
    }

    /// Handles the first byte of a field, and the rest of an unquoted field's run with it; returns
    /// true when it ended the record.
    private mutating func startField(_ byte: UInt8, isNewline: Bool, _ input: UnsafeBufferPointer<UInt8>, _ index: inout Int,
                                     record: inout CSVRecord) -> Bool {
        if byte == 0x22 {
            state = .quoted
            quoteLine = line
            quoteColumn = column - 1
            quoteOffset = offset - 1
        } else if byte == delimiter {
            endField(&record)
        } else if isNewline {
            endField(&record)
            state = .startOfRecord
            return true
        } else {
            state = .unquoted
            if !appendRun(input, &index, quoted: false, to: &record), !append(byte, to: &record) { return complete(&record) }
        }
        return false
    }

    /// Appends the byte just read (before `index`), which is not a line end, and the bytes after it
    /// that cannot end the field (up to a delimiter or line end; in a quoted field, up to a quote
    /// or line end) in one copy, keeping the position up to date: the per-byte path costs a check
    /// and an append for each.
    /// - Returns: false, having changed nothing, when the run would outgrow the record limit;
    ///   the per-byte path then stops at the exact byte.
    private mutating func appendRun(_ input: UnsafeBufferPointer<UInt8>, _ index: inout Int, quoted: Bool,
                                    to record: inout CSVRecord) -> Bool {
        let stop = quoted ? 0x22 : delimiter
        var end = index
        while end < input.count {
            let next = input[end]
            if next == stop || next == 0x0A || next == 0x0D { break }
            end += 1
        }
        guard record.bytes.count + 1 + (end - index) <= maxRecordBytes else { return false }
        record.bytes.append(contentsOf: UnsafeBufferPointer(rebasing: input[(index - 1)..<end]))
        column += end - index
        offset += end - index
        index = end
        return true
    }

    /// Ends the field just read. Past `maxFields` it is only counted: a line of a million
    /// delimiters costs no more than one of `maxFields` fields. Its bytes stay in the buffer
    /// behind the last kept field, so the record limit still counts them.
    private func endField(_ record: inout CSVRecord) {
        if record.fieldEnds.count < maxFields {
            record.fieldEnds.append(record.bytes.count)
        } else {
            record.omittedFields += 1
        }
    }

    /// Appends a byte unless the record would outgrow the limit.
    private func append(_ byte: UInt8, to record: inout CSVRecord) -> Bool {
        guard record.bytes.count < maxRecordBytes else { return false }
        record.bytes.append(byte)
        return true
    }

    /// An unquoted record outgrew the limit: skip to the end of its line.
    private mutating func complete(_ record: inout CSVRecord) -> Bool {
        record.problem = .recordTooLong(limit: maxRecordBytes)
        endField(&record)
        state = .skippingLine
        return false
    }

    /// A quoted field outgrew the limit: the quote is a runaway.
    private mutating func runaway(_ record: inout CSVRecord) -> Bool {
        record.problem = .unterminatedQuote(line: quoteLine, column: quoteColumn)
        endField(&record)
        state = .startOfRecord
        return true
    }
}
