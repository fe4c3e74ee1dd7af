/// Builds a ZIP archive in memory, entry by entry, with deterministic bytes: the streaming
/// writer with an array for its sink, so both write exactly the same archive.
///
/// Every entry is deflated with zlib unless that does not make it smaller, and stamped with the
/// same fixed time (1980-01-01 00:00, the earliest DOS time), so the same entries in the same
/// order always give the same archive.
public struct ZipWriter {
    private final class Bytes {
        var value: [UInt8] = []
    }

    private let bytes = Bytes()
    private let stream: ZipStreamWriter

    /// - Parameters:
    ///   - compressionLevel: zlib level 0...9; 6 is zlib's default balance.
    ///   - deflater: a stream to reuse across archives (one per thread); a fresh one when nil.
    public init(compressionLevel: Int32 = 6, deflater: Deflater? = nil) {
        let bytes = bytes
        stream = ZipStreamWriter(deflater: deflater ?? Deflater(level: compressionLevel)) { piece in
            bytes.value.append(contentsOf: piece)
        }
    }

    /// Adds one file entry. Names are stored as UTF-8 and must be unique.
    public mutating func addEntry(named name: String, contents: [UInt8]) throws(ZipError) {
        try stream.addEntry(named: name, contents: contents)
    }

    /// The finished archive: entries, central directory and end record.
    public func finish() throws(ZipError) -> [UInt8] {
        try stream.finish()
        return bytes.value
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
