import CZlib
import FileSystem

/// A ZIP archive read from a file: the central directory in memory, each entry streamed and
/// inflated in chunks, so a large entry (an Excel sheet) never needs to fit in memory.
public final class ZipFile {
    public let path: String
    public let entries: [ZipReader.Entry]
    private let file: FileDescriptor
    private let size: Int

    /// The largest central-directory record `maxEntries` allows for on average: the 46 fixed bytes
    /// and 1 KiB of name, extra field and comment, far more than a file name and its timestamps take.
    static let recordAllowance = 46 + 1024

    /// Opens the archive at `path`. With `maxEntries`, an archive whose end record lists more
    /// entries, or whose central directory is larger than that many records take, is refused before
    /// the directory is read, so memory is bounded by what the caller expects to hold rather than
    /// by what the file claims.
    public convenience init(path: String, maxEntries: Int? = nil) throws(ZipError) {
        let file: FileDescriptor
        do {
            file = try .open(path, .readOnly, options: .nonBlocking)
        } catch {
            throw .corrupt("cannot open \(path)")
        }
        try self.init(file: file, path: path, maxEntries: maxEntries)
    }

    /// Reads the archive open as `file`; messages name it `path`.
    package init(file: FileDescriptor, path: String, maxEntries: Int? = nil) throws(ZipError) {
        self.path = path
        self.file = file
        // Only a regular file, checked on the descriptor that is read: a named pipe would block.
        guard let info = try? file.status(), info.isRegularFile else {
            throw .corrupt("cannot read \(path): it is not a regular file")
        }
        size = info.size
        let tailLength = min(size, 22 + 0xFFFF)
        let tail: [UInt8]
        do {
            tail = try ZipFile.read(file, at: size - tailLength, count: tailLength, name: path)
            guard let end = ZipReader.findEndRecord(tail[...]) else { throw ZipError.corrupt("no end-of-central-directory record") }
            let total = Int(tail.readLE16(end + 10))
            let directorySize = Int(tail.readLE32(end + 12))
            let start = Int(tail.readLE32(end + 16))
            guard start + directorySize <= size else { throw ZipError.corrupt("central directory lies outside the file") }
            if let maxEntries {
                try ZipFile.check(listed: total, directorySize: directorySize, against: maxEntries)
            }
            entries = try ZipReader.parseCentralDirectory(try ZipFile.read(file, at: start, count: directorySize, name: path), count: total)
        } catch let error as ZipError {
            throw error
        } catch {
            throw .corrupt("\(error)")
        }
    }

    /// Refuses a directory of more than `limit` entries, or one larger than that many records take.
    private static func check(listed: Int, directorySize: Int, against limit: Int) throws(ZipError) {
        guard listed <= limit else { throw .tooManyEntries(listed: listed, limit: limit) }
        guard directorySize <= limit * recordAllowance else {
            throw .corrupt("the central directory takes \(directorySize) bytes, more than \(limit) entries need: refused as damaged or hostile")
        }
    }

    public func entry(named name: String) -> ZipReader.Entry? {
        entries.first { $0.name == name }
    }

    /// A stream over the inflated contents of `entry`.
    public func stream(_ entry: ZipReader.Entry) throws(ZipError) -> ZipEntryStream {
        try InflationLimit.check(entry)
        let header = try ZipFile.read(file, at: entry.localHeaderOffset, count: 30, name: path)
        guard header.readLE32(0) == 0x0403_4B50 else { throw .corrupt("local header of \"\(entry.name)\" is missing") }
        let dataStart = entry.localHeaderOffset + 30 + Int(header.readLE16(26)) + Int(header.readLE16(28))
        guard dataStart + entry.compressedSize <= size else { throw .corrupt("data of \"\(entry.name)\" runs past the end of the file") }
        return try ZipEntryStream(file: file, entry: entry, dataStart: dataStart)
    }

    /// The whole inflated contents of `entry`, refused when larger than `limit` bytes.
    public func contents(of entry: ZipReader.Entry, limit: Int) throws(ZipError) -> [UInt8] {
        try InflationLimit.check(entry)
        guard entry.uncompressedSize <= limit else {
            throw .corrupt("\"\(entry.name)\" declares \(entry.uncompressedSize) bytes, more than the \(limit) it may hold here")
        }
        let stream = try stream(entry)
        var out: [UInt8] = []
        out.reserveCapacity(entry.uncompressedSize)
        while let chunk = try stream.next() {
            out.append(contentsOf: chunk)
            if out.count > limit { throw .tooLarge(entry.name) }
        }
        return out
    }

    static func read(_ file: FileDescriptor, at offset: Int, count: Int, name path: String) throws(ZipError) -> [UInt8] {
        guard offset >= 0, count >= 0 else { throw .corrupt("offset outside the file") }
        let bytes: [UInt8]
        do {
            bytes = try file.read(count: count, at: offset)
        } catch {
            throw .sourceUnreadable(name: path, reason: "could not be read: \(error)")
        }
        guard bytes.count == count else { throw .corrupt("the file ends before its archive does") }
        return bytes
    }
}

/// The inflated bytes of one entry, chunk by chunk, with the CRC-32 checked at the end.
public final class ZipEntryStream {
    private let file: FileDescriptor
    private let entry: ZipReader.Entry
    private let start: Int
    private var position: Int
    private let end: Int
    private var stream = z_stream()
    private var input: [UInt8] = []
    private var inputOffset = 0
    private var crc = CRC32()
    private var produced = 0
    private var finished = false
    private let chunkSize = 1 << 16

    init(file: FileDescriptor, entry: ZipReader.Entry, dataStart: Int) throws(ZipError) {
        self.file = file
        self.entry = entry
        position = dataStart
        start = dataStart
        end = dataStart + entry.compressedSize
        guard entry.method == 0 || entry.method == 8 else {
            throw .corrupt("\"\(entry.name)\" uses unsupported compression method \(entry.method)")
        }
        if entry.method == 8 {
            let result = czlib_inflateInit2(&stream, -15)
            guard result == Z_OK else { throw .zlib(function: "inflateInit2", code: result) }
        }
    }

    deinit {
        if entry.method == 8 { inflateEnd(&stream) }
    }

    /// The share of the stored bytes read so far, from 0 to 1.
    public var fractionRead: Double {
        end > start ? Double(position - start) / Double(end - start) : 1
    }

    /// The next chunk of inflated bytes, or nil at the end of the entry.
    public func next() throws(ZipError) -> [UInt8]? {
        guard !finished else { return nil }
        var output: [UInt8]
        if entry.method == 0 {
            let count = min(chunkSize, end - position)
            output = count > 0 ? try ZipFile.read(file, at: position, count: count, name: entry.name) : []
            position += count
            if position >= end { finished = true }
        } else {
            output = try inflateChunk()
        }
        crc.update(output)
        produced += output.count
        // Never more than the header declared (which `InflationLimit` has bounded): a lying header ends here.
        guard produced <= entry.uncompressedSize else {
            throw .corrupt("\"\(entry.name)\" inflates to more than the \(entry.uncompressedSize) bytes its header declares")
        }
        if finished {
            guard produced == entry.uncompressedSize, crc.value == entry.crc32 else {
                throw .corrupt("CRC-32 of \"\(entry.name)\" does not match its contents")
            }
        }
        if output.isEmpty && finished { return nil }
        return output
    }

    private func inflateChunk() throws(ZipError) -> [UInt8] {
        var output = [UInt8](repeating: 0, count: chunkSize)
        var written = 0
        while written == 0 && !finished {
            if inputOffset >= input.count {
                let count = min(chunkSize, end - position)
                guard count > 0 else { throw .corrupt("deflate data of \"\(entry.name)\" ends early") }
                input = try ZipFile.read(file, at: position, count: count, name: entry.name)
                inputOffset = 0
                position += count
            }
            var result: Int32 = Z_OK
            var consumed = 0
            input.withUnsafeMutableBufferPointer { inBuf in
                output.withUnsafeMutableBufferPointer { outBuf in
                    stream.next_in = inBuf.baseAddress.map { $0 + inputOffset }
                    stream.avail_in = uInt(inBuf.count - inputOffset)
                    stream.next_out = outBuf.baseAddress
                    stream.avail_out = uInt(outBuf.count)
                    result = inflate(&stream, Z_NO_FLUSH)
                    consumed = inBuf.count - inputOffset - Int(stream.avail_in)
                    written = outBuf.count - Int(stream.avail_out)
                }
            }
            inputOffset += consumed
            switch result {
            case Z_STREAM_END: finished = true
            case Z_OK, Z_BUF_ERROR: break
            default: throw .corrupt("deflate data of \"\(entry.name)\" is damaged (zlib \(result))")
            }
            if result == Z_BUF_ERROR, consumed == 0, written == 0, inputOffset < input.count {
                throw .corrupt("deflate data of \"\(entry.name)\" is damaged")
            }
        }
        output.removeSubrange(written...)
        return output
    }
}
