import FileSystem

/// Why a CSV file could not be read at all.
public enum CSVReadError: Error, Sendable, Equatable, CustomStringConvertible {
    case cannotOpen(path: String, reason: String)
    case readFailed(path: String, reason: String)

    public var description: String {
        switch self {
        case let .cannotOpen(path, _), let .readFailed(path, _): "\(path): \(reason)"
        }
    }

    /// What went wrong, without the path: for a message that names the file its own way.
    public var reason: String {
        switch self {
        case let .cannotOpen(_, reason): "cannot open: \(reason)"
        case let .readFailed(_, reason): "read failed: \(reason)"
        }
    }
}

/// Streams the records of a CSV file in fixed-size chunks, so memory stays flat whatever the file size.
///
/// It strips a UTF-8 byte order mark, honours Excel's `sep=X` first line,
/// detects the delimiter when none is given, and recovers from a quote that
/// never closes by re-reading the lines it swallowed without quote rules.
public final class CSVReader {
    public let path: String
    public let delimiter: UInt8
    /// Whether the file began with a UTF-8 byte order mark.
    public let hasByteOrderMark: Bool
    /// Whether a `sep=` line chose the delimiter.
    public let hasSeparatorLine: Bool

    /// The file's size in bytes when it was opened.
    public let fileSize: Int
    private let file: FileDescriptor
    private var parser: CSVParser
    private var buffer: [UInt8]
    private var bufferStart = 0
    private var bufferEnd = 0
    private var fileOffset = 0
    private var atEOF = false
    private let maxRecordBytes: Int

    /// Opens `path`.
    /// - Parameters:
    ///   - delimiter: the field separator; detected among `,` `;` tab `|` when nil.
    ///   - chunkSize: bytes read at a time (tests use sizes down to 1).
    ///   - maxRecordBytes: longest record accepted before it is cut and reported.
    ///   - followingLinks: false for files the tool wrote itself (its reports), where a symbolic
    ///     link can only have been planted.
    ///
    /// Only a regular file is read, checked on the descriptor that is then read: a named pipe or
    /// a device would block or never end.
    public convenience init(path: String, delimiter: UInt8? = nil, chunkSize: Int = 1 << 16, maxRecordBytes: Int = 1 << 20,
                            followingLinks: Bool = true) throws(CSVReadError) {
        let file: FileDescriptor
        do {
            file = try .open(path, .readOnly, options: followingLinks ? [.nonBlocking] : [.nonBlocking, .noFollow])
        } catch {
            throw .cannotOpen(path: path, reason: error == .tooManyLinks && !followingLinks ? "it is a symbolic link" : error.description)
        }
        try self.init(file: file, path: path, delimiter: delimiter, chunkSize: chunkSize, maxRecordBytes: maxRecordBytes)
    }

    /// Reads the file open as `file`, from its start; messages name it `path`.
    package init(file: FileDescriptor, path: String, delimiter: UInt8? = nil, chunkSize: Int = 1 << 16,
                 maxRecordBytes: Int = 1 << 20) throws(CSVReadError) {
        self.path = path
        self.maxRecordBytes = maxRecordBytes
        let info = try? file.status()
        guard let info, info.isRegularFile else {
            throw .cannotOpen(path: path, reason: info?.kind == .folder ? "it is a folder, not a file" : "it is not a regular file")
        }
        self.file = file
        fileSize = info.size
        buffer = [UInt8](repeating: 0, count: max(1, chunkSize))

        // Look at the head of the file once: BOM, sep= line, delimiter.
        let head: [UInt8]
        do {
            head = try file.read(count: 1 << 16, at: 0)
        } catch {
            throw .readFailed(path: path, reason: error.description)
        }
        var start = 0
        hasByteOrderMark = head.starts(with: [0xEF, 0xBB, 0xBF])
        if hasByteOrderMark { start = 3 }
        var line = 1
        var chosen = delimiter
        var separatorLine = false
        if let sep = CSVReader.separatorLine(head[start...]) {
            separatorLine = true
            chosen = chosen ?? sep.delimiter
            start += sep.length
            line = 2
        }
        hasSeparatorLine = separatorLine
        self.delimiter = chosen ?? CSVReader.detectDelimiter(head[start...])
        parser = CSVParser(delimiter: self.delimiter, maxRecordBytes: maxRecordBytes, line: line, offset: start)
        fileOffset = start
    }

    /// Fields kept per record from the next record on; later ones are only counted
    /// (`CSVRecord.omittedFields`), so a line of many delimiters costs no more than this many
    /// fields. Unlimited unless set.
    public var maxFields: Int {
        get { parser.maxFields }
        set { parser.maxFields = max(1, newValue) }
    }

    /// How many bytes of the file the records read so far came from.
    public var bytesConsumed: Int { fileOffset - (bufferEnd - bufferStart) }

    /// Fills `record` with the next record.
    /// - Returns: false at the end of the file.
    public func next(into record: inout CSVRecord) throws(CSVReadError) -> Bool {
        while true {
            if bufferStart == bufferEnd, !atEOF { try refill() }
            if bufferStart == bufferEnd {
                guard parser.finish(into: &record) else { return false }
                try recoverIfRunaway(&record)
                return true
            }
            let (consumed, complete) = buffer.withUnsafeBufferPointer { bytes in
                parser.parse(UnsafeBufferPointer(rebasing: bytes[bufferStart..<bufferEnd]), into: &record)
            }
            bufferStart += consumed
            if complete {
                try recoverIfRunaway(&record)
                return true
            }
        }
    }

    private func refill() throws(CSVReadError) {
        let got = try read(into: &buffer, at: fileOffset)
        bufferStart = 0
        bufferEnd = got
        fileOffset += got
        if got == 0 { atEOF = true }
    }

    /// A runaway quote swallowed what followed it. Re-read the lines from the record's start
    /// to the end of the quote's line without quote rules, and resume parsing after them.
    private func recoverIfRunaway(_ record: inout CSVRecord) throws(CSVReadError) {
        guard case let .unterminatedQuote(quoteLine, _)? = record.problem else { return }
        let from = record.startOffset
        var raw: [UInt8] = []
        var position = from
        var chunk = [UInt8](repeating: 0, count: 4096)
        var lineEnd: Int?
        var resume = 0
        let quoteOffset = parser.quoteOffset
        var pendingCR = false
        scan: while true {
            let got = try read(into: &chunk, at: position)
            if got == 0 { break }
            for i in 0..<got {
                let absolute = position + i
                let byte = chunk[i]
                if pendingCR {
                    resume = byte == 0x0A ? absolute + 1 : absolute
                    break scan
                }
                if absolute >= quoteOffset, byte == 0x0D || byte == 0x0A {
                    lineEnd = absolute
                    resume = absolute + 1
                    if byte == 0x0A { break scan }
                    pendingCR = true
                    continue
                }
                if raw.count < maxRecordBytes { raw.append(byte) }
            }
            position += got
        }
        if lineEnd == nil { resume = position }
        var fields = raw.split(separator: delimiter, maxSplits: parser.maxFields, omittingEmptySubsequences: false)
        // Past `maxFields` the last piece holds all the other fields: counted by their delimiters.
        let omitted = fields.count > parser.maxFields ? fields.removeLast().reduce(1) { $1 == delimiter ? $0 + 1 : $0 } : 0
        record.setFields(fields, omitted: omitted)
        parser = CSVParser(delimiter: delimiter, maxRecordBytes: maxRecordBytes, maxFields: parser.maxFields, line: quoteLine + 1,
                           offset: resume, nextRecordNumber: record.number + 1)
        fileOffset = resume
        bufferStart = 0
        bufferEnd = 0
        atEOF = false
    }

    /// `sep=X` followed by a line end, as Excel writes it.
    static func separatorLine(_ head: ArraySlice<UInt8>) -> (delimiter: UInt8, length: Int)? {
        let prefix: [UInt8] = Array("sep=".utf8)
        guard head.count >= 5, head.starts(with: prefix) else { return nil }
        let sepIndex = head.startIndex + 4
        let delimiter = head[sepIndex]
        var length = 5
        var cursor = sepIndex + 1
        guard cursor < head.endIndex else { return (delimiter, length) }
        if head[cursor] == 0x0D { length += 1; cursor += 1 }
        if cursor < head.endIndex, head[cursor] == 0x0A { length += 1 }
        guard length > 5 else { return nil }
        return (delimiter, length)
    }

    /// Picks the candidate that occurs most often outside quotes on the first line; comma when none does.
    public static func detectDelimiter(_ head: ArraySlice<UInt8>) -> UInt8 {
        let candidates: [UInt8] = [0x3B, 0x2C, 0x09, 0x7C]  // ; , tab |
        var counts = [Int](repeating: 0, count: candidates.count)
        var inQuotes = false
        for byte in head {
            if byte == 0x22 { inQuotes.toggle(); continue }
            if inQuotes { continue }
            if byte == 0x0A || byte == 0x0D { break }
            if let index = candidates.firstIndex(of: byte) { counts[index] += 1 }
        }
        guard let best = counts.indices.max(by: { counts[$0] < counts[$1] }), counts[best] > 0 else { return 0x2C }
        return candidates[best]
    }

    /// One read of up to `buffer.count` bytes at `offset`; 0 at the end of the file.
    private func read(into buffer: inout [UInt8], at offset: Int) throws(CSVReadError) -> Int {
        do {
            return try file.read(into: &buffer, at: offset)
        } catch {
            throw .readFailed(path: path, reason: error.description)
        }
    }
}
