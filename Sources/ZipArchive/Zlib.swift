import CZlib

/// Raw-deflate streams kept between entries: zlib allocates about 256 KiB of state per stream,
/// so a writer that packs thousands of small entries resets a stream instead of making new ones.
/// Entries up to 4 KiB (a compact `main.json`, most attachments of a test) go through a stream
/// with a 4 KiB window and a small hash table: the same matches (no distance can exceed the
/// entry), a twentieth of the state to clear and keep in cache per entry. One thread at a time:
/// each worker owns its own.
public final class Deflater: @unchecked Sendable {
    private final class Stream {
        var stream = z_stream()
        let windowBits: Int32
        let memoryLevel: Int32
        var ready = false

        init(windowBits: Int32, memoryLevel: Int32) {
            self.windowBits = windowBits
            self.memoryLevel = memoryLevel
        }

        deinit {
            if ready { deflateEnd(&stream) }
        }
    }

    static let smallEntryLimit = 4096
    private let level: Int32
    private let small = Stream(windowBits: 12, memoryLevel: 5)
    private let large = Stream(windowBits: 15, memoryLevel: 8)

    public init(level: Int32 = 6) {
        self.level = level
    }

    func deflate(_ input: [UInt8]) throws(ZipError) -> [UInt8] {
        let chosen = input.count <= Deflater.smallEntryLimit ? small : large
        if chosen.ready {
            guard deflateReset(&chosen.stream) == Z_OK else { throw .zlib(function: "deflateReset", code: Z_STREAM_ERROR) }
        } else {
            let result = czlib_deflateInit2(&chosen.stream, level, Z_DEFLATED, -chosen.windowBits, chosen.memoryLevel, Z_DEFAULT_STRATEGY)
            guard result == Z_OK else { throw .zlib(function: "deflateInit2", code: result) }
            chosen.ready = true
        }
        let bound = Int(deflateBound(&chosen.stream, uLong(input.count)))
        var output = [UInt8](repeating: 0, count: max(bound, 64))
        var result: Int32 = Z_OK
        var produced = 0
        input.withUnsafeBufferPointer { inBuf in
            output.withUnsafeMutableBufferPointer { outBuf in
                chosen.stream.next_in = UnsafeMutablePointer(mutating: inBuf.baseAddress)
                chosen.stream.avail_in = uInt(inBuf.count)
                chosen.stream.next_out = outBuf.baseAddress
                chosen.stream.avail_out = uInt(outBuf.count)
                result = CZlib.deflate(&chosen.stream, Z_FINISH)
                produced = outBuf.count - Int(chosen.stream.avail_out)
            }
        }
        guard result == Z_STREAM_END else { throw .zlib(function: "deflate", code: result) }
        output.removeSubrange(produced...)
        return output
    }
}

/// Thin wrappers over the zlib calls this module needs; everything above speaks Swift.
enum Zlib {
    /// Raw deflate (no zlib header), as ZIP's method 8 stores it, with a stream of its own.
    static func deflateRaw(_ input: [UInt8], level: Int32) throws(ZipError) -> [UInt8] {
        try Deflater(level: level).deflate(input)
    }

    /// Inflates raw deflate data whose uncompressed size is known.
    static func inflateRaw(_ input: ArraySlice<UInt8>, expectedSize: Int) throws(ZipError) -> [UInt8] {
        var stream = z_stream()
        let initResult = czlib_inflateInit2(&stream, -15)
        guard initResult == Z_OK else { throw .zlib(function: "inflateInit2", code: initResult) }
        defer { inflateEnd(&stream) }

        var output = [UInt8](repeating: 0, count: expectedSize)
        var result: Int32 = Z_OK
        var produced = 0
        input.withUnsafeBufferPointer { inBuf in
            output.withUnsafeMutableBufferPointer { outBuf in
                var scratch: UInt8 = 0
                stream.next_in = UnsafeMutablePointer(mutating: inBuf.baseAddress)
                stream.avail_in = uInt(inBuf.count)
                if let base = outBuf.baseAddress {
                    stream.next_out = base
                    stream.avail_out = uInt(outBuf.count)
                } else {
                    stream.next_out = withUnsafeMutablePointer(to: &scratch) { $0 }
                    stream.avail_out = 0
                }
                result = inflate(&stream, Z_FINISH)
                produced = outBuf.count - Int(stream.avail_out)
            }
        }
        guard result == Z_STREAM_END, produced == expectedSize else {
            throw .corrupt("deflate data does not inflate to the recorded size")
        }
        return output
    }

    static func crc32(_ bytes: UnsafeRawBufferPointer, seed: UInt32) -> UInt32 {
        guard let base = bytes.baseAddress?.assumingMemoryBound(to: Bytef.self) else { return seed }
        return UInt32(CZlib.crc32(uLong(seed), base, uInt(bytes.count)))
    }
}
