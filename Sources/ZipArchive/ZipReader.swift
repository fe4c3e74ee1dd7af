/// Reads a ZIP archive held in memory: its entries, and each entry's verified contents.
public struct ZipReader: Sendable {
    /// One entry as the central directory describes it.
    public struct Entry: Sendable, Equatable {
        public let name: String
        public let method: UInt16
        public let crc32: UInt32
        public let compressedSize: Int
        public let uncompressedSize: Int
        let localHeaderOffset: Int
    }

    public let entries: [Entry]
    private let bytes: [UInt8]

    public init(bytes: [UInt8]) throws(ZipError) {
        self.bytes = bytes
        guard let end = ZipReader.findEndRecord(bytes[...]) else {
            throw .corrupt("no end-of-central-directory record")
        }
        let total = Int(bytes.readLE16(end + 10))
        let size = Int(bytes.readLE32(end + 12))
        let start = Int(bytes.readLE32(end + 16))
        guard start <= end, start + size <= end else { throw .corrupt("central directory lies outside the file") }
        entries = try ZipReader.parseCentralDirectory(Array(bytes[start..<(start + size)]), count: total)
    }

    /// The entries of a central directory held in `directory`.
    static func parseCentralDirectory(_ directory: [UInt8], count total: Int) throws(ZipError) -> [Entry] {
        var entries: [Entry] = []
        var cursor = 0
        let end = directory.count
        for _ in 0..<total {
            guard cursor + 46 <= end, directory.readLE32(cursor) == 0x0201_4B50 else {
                throw .corrupt("central directory record \(entries.count + 1) is damaged")
            }
            let nameLength = Int(directory.readLE16(cursor + 28))
            let extraLength = Int(directory.readLE16(cursor + 30))
            let commentLength = Int(directory.readLE16(cursor + 32))
            guard cursor + 46 + nameLength <= end else { throw .corrupt("entry name runs past the directory") }
            let name = String(decoding: directory[(cursor + 46)..<(cursor + 46 + nameLength)], as: UTF8.self)
            let compressed = directory.readLE32(cursor + 20)
            let uncompressed = directory.readLE32(cursor + 24)
            let offset = directory.readLE32(cursor + 42)
            if compressed == 0xFFFF_FFFF || uncompressed == 0xFFFF_FFFF || offset == 0xFFFF_FFFF {
                throw .corrupt("\"\(name)\" needs ZIP64, which is not supported")
            }
            entries.append(Entry(
                name: name,
                method: directory.readLE16(cursor + 10),
                crc32: directory.readLE32(cursor + 16),
                compressedSize: Int(compressed),
                uncompressedSize: Int(uncompressed),
                localHeaderOffset: Int(offset)
            ))
            cursor += 46 + nameLength + extraLength + commentLength
        }
        return entries
    }

    /// The contents of `entry`, inflated and checked against its CRC-32.
    public func contents(of entry: Entry) throws(ZipError) -> [UInt8] {
        try InflationLimit.check(entry)
        let header = entry.localHeaderOffset
        guard header + 30 <= bytes.count, bytes.readLE32(header) == 0x0403_4B50 else {
            throw .corrupt("local header of \"\(entry.name)\" is missing")
        }
        let dataStart = header + 30 + Int(bytes.readLE16(header + 26)) + Int(bytes.readLE16(header + 28))
        guard dataStart + entry.compressedSize <= bytes.count else {
            throw .corrupt("data of \"\(entry.name)\" runs past the end of the file")
        }
        let raw = bytes[dataStart..<(dataStart + entry.compressedSize)]
        let data: [UInt8]
        switch entry.method {
        case 0: data = Array(raw)
        case 8: data = try Zlib.inflateRaw(raw, expectedSize: entry.uncompressedSize)
        default: throw .corrupt("\"\(entry.name)\" uses unsupported compression method \(entry.method)")
        }
        guard data.count == entry.uncompressedSize, CRC32.checksum(data) == entry.crc32 else {
            throw .corrupt("CRC-32 of \"\(entry.name)\" does not match its contents")
        }
        return data
    }

    /// The contents of the entry named `name`, or nil when there is none.
    public func contents(named name: String) throws(ZipError) -> [UInt8]? {
        guard let entry = entries.first(where: { $0.name == name }) else { return nil }
        return try contents(of: entry)
    }

    /// The index of the end-of-central-directory record in the tail of a file.
    static func findEndRecord(_ bytes: ArraySlice<UInt8>) -> Int? {
        guard bytes.count >= 22 else { return nil }
        var index = bytes.endIndex - 22
        while index >= bytes.startIndex {
            if bytes[index] == 0x50, bytes[index + 1] == 0x4B, bytes[index + 2] == 0x05, bytes[index + 3] == 0x06 { return index }
            index -= 1
        }
        return nil
    }
}

extension Array where Element == UInt8 {
    func readLE16(_ offset: Int) -> UInt16 {
        UInt16(self[offset]) | UInt16(self[offset + 1]) << 8
    }

    func readLE32(_ offset: Int) -> UInt32 {
        UInt32(self[offset]) | UInt32(self[offset + 1]) << 8 | UInt32(self[offset + 2]) << 16
            | UInt32(self[offset + 3]) << 24
    }
}
