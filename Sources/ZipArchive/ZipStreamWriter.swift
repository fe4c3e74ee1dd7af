#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import FileSystem

/// Writes a ZIP archive front to back through a sink (a file), streaming file entries from their
/// descriptors in 64 KiB pieces, so memory never depends on an entry's size.
///
/// Every local header carries the entry's CRC-32 and sizes (no data descriptors: a JVM's
/// `ZipInputStream` cannot read a STORED entry that uses one). A file entry is read twice from
/// its descriptor: once for its CRC-32 (and deflated size), then for its bytes; a file that
/// changes between the two readings (size, modification or change time) is an error, never a
/// wrong archive. Entries are stored or
/// deflated by `EntryCompression`, from their content alone, so the same entries always give the
/// same archive, byte for byte (fixed 1980-01-01 time stamps as in `ZipWriter`).
public final class ZipStreamWriter {
    /// Where the archive's bytes go, in order; its one failure is the disk's, which the writer
    /// passes on as `ZipError.write`.
    public typealias Sink = (UnsafeRawBufferPointer) throws(WriteError) -> Void

    private let sink: Sink
    private let deflater: Deflater
    private var offset = 0
    private var central: [UInt8] = []
    private var names: Set<String> = []
    private var count = 0
    private var header: [UInt8] = []
    /// Holds the piece of a file entry being read.
    private let scratch: Scratch
    /// The piece of a file entry being read, with room for one byte more (a whole small file and the
    /// byte that would show it grew).
    private var piece: UnsafeMutableRawBufferPointer { scratch.piece }

    /// What one worker keeps from archive to archive: the 64 KiB a writer reads file entries into,
    /// and the room its central directory, headers and entry names took. Allocating and freeing
    /// them for every small archive cost more than packing a small file. One writer at a time
    /// uses a scratch: a writer takes the kept room when it starts and gives it back when it goes.
    public final class Scratch {
        let piece = UnsafeMutableRawBufferPointer.allocate(byteCount: ZipStreamWriter.pieceSize + 1, alignment: 8)
        fileprivate var central: [UInt8] = []
        fileprivate var header: [UInt8] = []
        fileprivate var names: Set<String> = []

        public init() {}

        deinit { piece.deallocate() }
    }

    static let pieceSize = 1 << 16
    /// The most an entry or the archive may hold without ZIP64.
    public static let maxSize = 0xFFFF_FFFE

    /// The bytes an archive of these entries takes with each entry stored: its local header, its
    /// data, its central record, and the end record. The most it can take when every entry fits in
    /// one piece, since such an entry is deflated only when that makes it smaller. For sizing a
    /// buffer once.
    public static func largestSize(of entries: [(name: String, size: Int)]) -> Int {
        entries.reduce(22) { $0 + 30 + 46 + 2 * $1.name.utf8.count + $1.size }
    }

    public init(deflater: Deflater, scratch: Scratch = Scratch(), sink: @escaping Sink) {
        self.deflater = deflater
        self.scratch = scratch
        self.sink = sink
        swap(&central, &scratch.central)
        swap(&header, &scratch.header)
        swap(&names, &scratch.names)
        central.removeAll(keepingCapacity: true)
        names.removeAll(keepingCapacity: true)
    }

    deinit {
        swap(&central, &scratch.central)
        swap(&header, &scratch.header)
        swap(&names, &scratch.names)
    }

    /// Adds an entry held in memory (`main.json`): deflated unless that does not make it smaller.
    /// - Returns: the method chosen, 0 (stored) or 8 (deflated).
    @discardableResult
    public func addEntry(named name: String, contents: [UInt8]) throws(ZipError) -> UInt16 {
        try checkName(name)
        return try ZipStreamWriter.withBytes(of: contents) { (bytes) throws(ZipError) in try add(bytes, name: name) }
    }

    /// - Parameter deflating: false to store without trying (a format compressed already).
    private func add(_ contents: UnsafeRawBufferPointer, name: String, deflating: Bool = true) throws(ZipError) -> UInt16 {
        guard contents.count <= ZipStreamWriter.maxSize else { throw .tooLarge(name) }
        let crc = CRC32.checksum(contents)
        let deflated = deflating ? try deflater.deflateWhole(contents) : nil
        let method: UInt16 = deflated == nil ? 0 : 8
        let stored = deflated ?? contents
        try writeHeader(name, method: method, crc: crc, storedSize: stored.count, size: contents.count)
        try emit(stored)
        return method
    }

    /// Adds the file open as `file` (read from offset 0, `size` bytes as its status gave them).
    /// - Returns: the method chosen, 0 (stored) or 8 (deflated).
    @discardableResult
    package func addEntry(named name: String, file fd: FileDescriptor, size: Int) throws(ZipError) -> UInt16 {
        try checkName(name)
        guard size <= ZipStreamWriter.maxSize else { throw .tooLarge(name) }
        if size <= ZipStreamWriter.pieceSize {
            // The whole file is in one piece: read once, deflated once, stored when that is no smaller.
            // One read asks for a byte more than measured: more means the file grew, less that it shrank.
            let got = try fill(fd, at: 0, count: size + 1, endsAt: size, name: name)
            guard got <= size else { throw .sourceUnreadable(name: name, reason: "grew while it was being packed") }
            guard got == size else { throw .sourceUnreadable(name: name, reason: "shrank while it was being packed") }
            let head = UnsafeRawBufferPointer(rebasing: piece[0..<size])
            return try add(head, name: name, deflating: !EntryCompression.isCompressedFormat(head))
        }
        // The stamp taken now must still show the measured size, and must be the same after the
        // second reading: a file that grows, shrinks or is rewritten meanwhile is refused.
        let before = ZipStreamWriter.stamp(fd)
        if let measured = before.first, measured != size {
            throw .sourceUnreadable(name: name, reason: "\(measured > size ? "grew" : "shrank") while it was being packed")
        }
        let first = try read(fd, at: 0, upTo: ZipStreamWriter.pieceSize, name: name)
        let method = EntryCompression.method(firstPiece: UnsafeRawBufferPointer(rebasing: piece[0..<first]))
        // First reading: the CRC-32 and, for a deflated entry, how long its deflated bytes are.
        var crc = CRC32()
        var storedSize = method == 8 ? 0 : size
        if method == 8 { try deflater.begin() }
        try forEachPiece(fd, size: size, name: name) { (bytes, last) throws(ZipError) in
            crc.update(bytes)
            if method == 8 { try deflater.deflate(bytes, finish: last) { storedSize += $0.count } }
        }
        try writeHeader(name, method: method, crc: crc.value, storedSize: storedSize, size: size)
        // Second reading: the bytes themselves. The file must not have changed in between: its size,
        // modification and change times are compared, and a deflated entry must come out as long.
        if method == 8 { try deflater.begin() }
        var written = 0
        try forEachPiece(fd, size: size, name: name) { (bytes, last) throws(ZipError) in
            if method == 8 {
                try deflater.deflate(bytes, finish: last) { (out: UnsafeRawBufferPointer) throws(ZipError) in
                    written += out.count
                    try emit(out)
                }
            } else {
                written += bytes.count
                try emit(bytes)
            }
        }
        guard written == storedSize, ZipStreamWriter.stamp(fd) == before else {
            throw .sourceUnreadable(name: name, reason: "changed while it was being packed")
        }
        return method
    }

    /// What tells a file changed: its size and its modification and change times, to the nanosecond.
    private static func stamp(_ fd: FileDescriptor) -> [Int] {
        (try? fd.status())?.stamp ?? []
    }

    /// The central directory and end record; the archive is complete once the sink has them.
    public func finish() throws(ZipError) {
        guard offset + central.count <= ZipStreamWriter.maxSize else { throw .tooLarge("archive") }
        // The end record follows the central directory, in the same emit.
        let directorySize = central.count
        central.appendLE(UInt32(0x0605_4B50))
        central.appendLE(UInt16(0))
        central.appendLE(UInt16(0))
        central.appendLE(UInt16(count))
        central.appendLE(UInt16(count))
        central.appendLE(UInt32(directorySize))
        central.appendLE(UInt32(offset))
        central.appendLE(UInt16(0))
        try emit(array: central)
    }

    private func checkName(_ name: String) throws(ZipError) {
        let length = name.utf8.count
        guard length > 0, length <= 0xFFFF, !name.hasSuffix("/") else { throw .invalidEntryName(name) }
        guard names.insert(name).inserted else { throw .duplicateEntry(name) }
        guard count < 0xFFFF else { throw .tooLarge(name) }
    }

    private func writeHeader(_ name: String, method: UInt16, crc: UInt32, storedSize: Int, size: Int) throws(ZipError) {
        guard offset <= ZipStreamWriter.maxSize, storedSize <= ZipStreamWriter.maxSize else { throw .tooLarge(name) }
        let flags: UInt16 = 1 << 11  // names are UTF-8; no data descriptor (bit 3 clear)
        // The fields a local header and its central record share, from "version needed" on.
        func shared(_ out: inout [UInt8]) {
            out.appendLE(UInt16(20))
            out.appendLE(flags)
            out.appendLE(method)
            out.appendLE(ZipWriter.dosTime)
            out.appendLE(ZipWriter.dosDate)
            out.appendLE(crc)
            out.appendLE(UInt32(storedSize))
            out.appendLE(UInt32(size))
            out.appendLE(UInt16(name.utf8.count))
        }
        header.removeAll(keepingCapacity: true)
        header.appendLE(UInt32(0x0403_4B50))
        shared(&header)
        header.appendLE(UInt16(0))
        header.append(contentsOf: name.utf8)

        central.appendLE(UInt32(0x0201_4B50))
        central.appendLE(UInt16(3 << 8 | 20))
        shared(&central)
        central.appendLE(UInt16(0))
        central.appendLE(UInt16(0))
        central.appendLE(UInt16(0))
        central.appendLE(UInt16(0))
        central.appendLE(UInt32(0o100644) << 16)
        central.appendLE(UInt32(offset))
        central.append(contentsOf: name.utf8)
        count += 1
        try emit(array: header)
    }

    private func emit(array bytes: [UInt8]) throws(ZipError) {
        try ZipStreamWriter.withBytes(of: bytes) { (bytes) throws(ZipError) in try emit(bytes) }
    }

    /// `body` with the array's bytes in place. `Array.withUnsafeBytes` rethrows untyped errors, so
    /// `body`'s outcome crosses it as a value and keeps its type.
    private static func withBytes<Value>(of array: [UInt8], _ body: (UnsafeRawBufferPointer) throws(ZipError) -> Value) throws(ZipError) -> Value {
        try array.withUnsafeBytes { bytes in Result { () throws(ZipError) in try body(bytes) } }.get()
    }

    private func emit(_ bytes: UnsafeRawBufferPointer) throws(ZipError) {
        offset += bytes.count
        do {
            try sink(bytes)
        } catch {
            throw .write(error)
        }
    }

    /// Calls `body` with each piece of the file in order; `last` is true for the final one. The
    /// file must hold exactly `size` bytes.
    private func forEachPiece(_ fd: FileDescriptor, size: Int, name: String,
                              _ body: (UnsafeRawBufferPointer, Bool) throws(ZipError) -> Void) throws(ZipError) {
        var position = 0
        repeat {
            let got = try read(fd, at: position, upTo: min(ZipStreamWriter.pieceSize, size - position), name: name)
            position += got
            try body(UnsafeRawBufferPointer(rebasing: piece[0..<got]), position == size)
        } while position < size
    }

    /// Reads up to `count` bytes at `position` into `piece`, stopping early at the end of the file
    /// or, once `endsAt` bytes are in, at a read that comes back short (for a regular file, its
    /// end: a file exactly as long as measured then costs one read).
    /// - Returns: how many bytes were read.
    private func fill(_ fd: FileDescriptor, at position: Int, count: Int, endsAt: Int, name: String) throws(ZipError) -> Int {
        var done = 0
        while done < count {
            let wanted = count - done
            let got: Int
            do {
                got = try fd.read(into: UnsafeMutableRawBufferPointer(rebasing: piece[done..<count]), at: position + done)
            } catch {
                throw .sourceUnreadable(name: name, reason: "could not be read: \(error)")
            }
            if got == 0 { break }
            done += got
            if done >= endsAt, got < wanted { break }
        }
        return done
    }

    /// Reads `count` bytes at `position` into `piece`; fewer only at the end of the file, which is an error here.
    private func read(_ fd: FileDescriptor, at position: Int, upTo count: Int, name: String) throws(ZipError) -> Int {
        let done = try fill(fd, at: position, count: count, endsAt: count, name: name)
        guard done == count else { throw .sourceUnreadable(name: name, reason: "shrank while it was being packed") }
        return done
    }
}

/// Whether an entry is stored or deflated, decided from its content alone (the same bytes always
/// get the same method):
/// - formats that are compressed already (JPEG, PNG, GIF, WebP, HEIC and MP4, ZIP and Office
///   files, gzip, bzip2, xz, zstd, 7-Zip) are stored, from their first bytes;
/// - an entry that fits in one 64 KiB piece is deflated exactly when deflating makes it smaller
///   (it is read once and deflated once);
/// - anything else is stored when its first 64 KiB carry more than 7.5 bits of information per
///   byte (their byte histogram's entropy: compressed data is close to 8, and deflate saves
///   nothing on it, as on a PDF whose streams are compressed) and deflated otherwise (text,
///   XML, CSV, a text PDF: 4 to 6 bits). Counting bytes costs a fraction of a trial deflate.
public enum EntryCompression {
    static let magic: [[UInt8]] = [
        [0xFF, 0xD8, 0xFF], [0x89, 0x50, 0x4E, 0x47], [0x47, 0x49, 0x46, 0x38], [0x50, 0x4B, 0x03, 0x04], [0x1F, 0x8B],
        [0x42, 0x5A, 0x68], [0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00], [0x28, 0xB5, 0x2F, 0xFD], [0x37, 0x7A, 0xBC, 0xAF, 0x27, 0x1C],
    ]
    static let storedAboveBitsPerByte = 7.5

    /// Whether the first bytes name a format that is compressed already.
    static func isCompressedFormat(_ firstPiece: UnsafeRawBufferPointer) -> Bool {
        if magic.contains(where: { firstPiece.starts(with: $0) }) { return true }
        // RIFF....WEBP and ....ftyp (HEIC, MP4, MOV): a container of compressed media.
        if firstPiece.count >= 12, firstPiece.starts(with: [0x52, 0x49, 0x46, 0x46]), firstPiece[8..<12].elementsEqual([0x57, 0x45, 0x42, 0x50]) { return true }
        return firstPiece.count >= 8 && firstPiece[4..<8].elementsEqual([0x66, 0x74, 0x79, 0x70])
    }

    /// The method for an entry larger than one piece, from its first piece.
    static func method(firstPiece: UnsafeRawBufferPointer) -> UInt16 {
        if isCompressedFormat(firstPiece) { return 0 }
        return entropy(firstPiece) > storedAboveBitsPerByte ? 0 : 8
    }

    /// Shannon entropy of the bytes, in bits per byte (0 to 8).
    static func entropy(_ bytes: UnsafeRawBufferPointer) -> Double {
        var counts = [Int](repeating: 0, count: 256)
        for byte in bytes { counts[Int(byte)] += 1 }
        let total = Double(bytes.count)
        var bits = 0.0
        for count in counts where count > 0 {
            let share = Double(count) / total
            bits -= share * log2(share)
        }
        return bits
    }
}
