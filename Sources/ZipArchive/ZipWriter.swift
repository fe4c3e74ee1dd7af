/// Builds a ZIP archive in memory, entry by entry, with deterministic bytes.
///
/// Every entry is deflated with zlib and stamped with the same fixed time
/// (1980-01-01 00:00, the earliest DOS time), so the same entries in the same
/// order always give the same archive.
public struct ZipWriter {
    private var body: [UInt8] = []
    private var central: [UInt8] = []
    private var names: Set<String> = []
    private var count = 0
    private let level: Int32
    private let deflater: Deflater?

    /// - Parameters:
    ///   - compressionLevel: zlib level 0...9; 6 is zlib's default balance.
    ///   - deflater: a stream to reuse across archives (one per thread); a fresh one per entry when nil.
    public init(compressionLevel: Int32 = 6, deflater: Deflater? = nil) {
        level = compressionLevel
        self.deflater = deflater
    }

    /// Adds one file entry. Names are stored as UTF-8 and must be unique.
    public mutating func addEntry(named name: String, contents: [UInt8]) throws(ZipError) {
        let nameBytes = Array(name.utf8)
        guard !nameBytes.isEmpty, nameBytes.count <= 0xFFFF, !name.hasSuffix("/") else {
            throw .invalidEntryName(name)
        }
        guard names.insert(name).inserted else { throw .duplicateEntry(name) }
        guard contents.count < 0xFFFF_FFFF else { throw .tooLarge(name) }

        let crc = CRC32.checksum(contents)
        var method: UInt16 = 8
        var stored: [UInt8]
        if let deflater {
            stored = try deflater.deflate(contents)
        } else {
            stored = try Zlib.deflateRaw(contents, level: level)
        }
        if stored.count >= contents.count {
            // Incompressible data is smaller stored than deflated.
            method = 0
            stored = contents
        }
        guard body.count < 0xFFFF_FFFF, count < 0xFFFF else { throw .tooLarge(name) }
        let offset = UInt32(body.count)
        let flags: UInt16 = 1 << 11  // names are UTF-8

        // Local file header.
        body.appendLE(UInt32(0x0403_4B50))
        body.appendLE(UInt16(20))  // version needed: 2.0 (deflate)
        body.appendLE(flags)
        body.appendLE(method)
        body.appendLE(ZipWriter.dosTime)
        body.appendLE(ZipWriter.dosDate)
        body.appendLE(crc)
        body.appendLE(UInt32(stored.count))
        body.appendLE(UInt32(contents.count))
        body.appendLE(UInt16(nameBytes.count))
        body.appendLE(UInt16(0))
        body.append(contentsOf: nameBytes)
        body.append(contentsOf: stored)

        // Central directory record.
        central.appendLE(UInt32(0x0201_4B50))
        central.appendLE(UInt16(3 << 8 | 20))  // made by: Unix, 2.0
        central.appendLE(UInt16(20))
        central.appendLE(flags)
        central.appendLE(method)
        central.appendLE(ZipWriter.dosTime)
        central.appendLE(ZipWriter.dosDate)
        central.appendLE(crc)
        central.appendLE(UInt32(stored.count))
        central.appendLE(UInt32(contents.count))
        central.appendLE(UInt16(nameBytes.count))
        central.appendLE(UInt16(0))  // extra length
        central.appendLE(UInt16(0))  // comment length
        central.appendLE(UInt16(0))  // disk number
        central.appendLE(UInt16(0))  // internal attributes
        central.appendLE(UInt32(0o100644) << 16)  // regular file, rw-r--r--
        central.appendLE(offset)
        central.append(contentsOf: nameBytes)
        count += 1
    }

    /// The finished archive: entries, central directory and end record.
    public func finish() throws(ZipError) -> [UInt8] {
        guard body.count + central.count < 0xFFFF_FFFF else { throw .tooLarge("archive") }
        var out = body
        out.reserveCapacity(body.count + central.count + 22)
        out.append(contentsOf: central)
        out.appendLE(UInt32(0x0605_4B50))
        out.appendLE(UInt16(0))
        out.appendLE(UInt16(0))
        out.appendLE(UInt16(count))
        out.appendLE(UInt16(count))
        out.appendLE(UInt32(central.count))
        out.appendLE(UInt32(body.count))
        out.appendLE(UInt16(0))
        return out
    }

    static let dosTime: UInt16 = 0
    static let dosDate: UInt16 = (0 << 9) | (1 << 5) | 1  // 1980-01-01
}

extension Array where Element == UInt8 {
    mutating func appendLE(_ value: UInt16) {
        append(UInt8(truncatingIfNeeded: value))
        append(UInt8(truncatingIfNeeded: value >> 8))
    }

    mutating func appendLE(_ value: UInt32) {
        for shift in stride(from: 0, to: 32, by: 8) { append(UInt8(truncatingIfNeeded: value >> UInt32(shift))) }
    }
}
