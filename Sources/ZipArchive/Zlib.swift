import CLibdeflate
import CZlib

/// Raw deflate, as ZIP's method 8 stores it, with its state kept between entries: an entry held
/// whole in memory (`main.json`, a small attachment) is deflated in one call by libdeflate, an
/// entry streamed in pieces by a zlib stream. Both allocate hundreds of KiB of state, so a writer
/// that packs thousands of small entries keeps one of each instead of making new ones.
/// Not `Sendable`: a stream in progress belongs to one thread; each worker owns its own.
public final class Deflater {
    private var stream = z_stream()
    private let level: Int32
    private var ready = false
    /// libdeflate's compressor for whole entries, made on first use.
    private var whole: OpaquePointer?
    /// libdeflate's level for whole entries: on the realistic export's `main.json` and text PDFs
    /// it is 2.5 times as fast as zlib's level 6 and gives the same total size (docs/performance.md).
    static let wholeLevel: Int32 = 1
    /// Where streamed output is deflated to, a piece at a time; owned and freed here, lent to
    /// `emit` only for the length of one call.
    private let pieceBuffer = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: 1 << 16)
    /// Where whole entries are deflated to, grown to the largest yet; lent by `deflateWhole`.
    private var wholeOutput = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 12, alignment: 16)

    public init(level: Int32 = 6) {
        self.level = level
    }

    deinit {
        if ready { deflateEnd(&stream) }
        if let whole { libdeflate_free_compressor(whole) }
        pieceBuffer.deallocate()
        wholeOutput.deallocate()
    }

    /// Starts a new raw-deflate stream on the kept state.
    func begin() throws(ZipError) {
        if ready {
            guard deflateReset(&stream) == Z_OK else { throw .zlib(function: "deflateReset", code: Z_STREAM_ERROR) }
        } else {
            let result = czlib_deflateInit2(&stream, level, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY)
            guard result == Z_OK else { throw .zlib(function: "deflateInit2", code: result) }
            ready = true
        }
    }

    /// Deflates one piece of the stream begun with `begin`, handing each piece of output to
    /// `emit` (valid only during the call); `finish` ends the stream. The output depends only on
    /// the bytes and how they are split into pieces, so the same pieces give the same stream.
    func deflate(_ input: UnsafeRawBufferPointer, finish: Bool, emit: (UnsafeRawBufferPointer) throws(ZipError) -> Void) throws(ZipError) {
        stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress?.assumingMemoryBound(to: Bytef.self))
        stream.avail_in = uInt(input.count)
        while true {
            stream.next_out = pieceBuffer.baseAddress
            stream.avail_out = uInt(pieceBuffer.count)
            let result = CZlib.deflate(&stream, finish ? Z_FINISH : Z_NO_FLUSH)
            let produced = pieceBuffer.count - Int(stream.avail_out)
            guard result == Z_OK || result == Z_STREAM_END || result == Z_BUF_ERROR else { throw .zlib(function: "deflate", code: result) }
            if produced > 0 { try emit(UnsafeRawBufferPointer(UnsafeMutableBufferPointer(rebasing: pieceBuffer[0..<produced]))) }
            if finish ? result == Z_STREAM_END : (stream.avail_in == 0 && produced < pieceBuffer.count) { return }
        }
    }

    /// `input` deflated whole, or nil when deflating would not make it smaller (it is then stored).
    /// The deflated bytes are lent from a buffer this deflater keeps for the next entry, valid until
    /// its next call: a new array per entry, two per ZIP, was a visible part of packing small files.
    func deflateWhole(_ input: UnsafeRawBufferPointer) throws(ZipError) -> UnsafeRawBufferPointer? {
        guard input.count > 1, let source = input.baseAddress else { return nil }
        if whole == nil {
            whole = libdeflate_alloc_compressor(Deflater.wholeLevel)
            guard whole != nil else { throw .zlib(function: "libdeflate_alloc_compressor", code: Z_MEM_ERROR) }
        }
        // Room for one byte less than the input: libdeflate answers 0 when the result does not fit,
        // which is exactly "not smaller".
        let room = input.count - 1
        if wholeOutput.count < room {
            wholeOutput.deallocate()
            wholeOutput = UnsafeMutableRawBufferPointer.allocate(byteCount: max(room, 2 * wholeOutput.count), alignment: 16)
        }
        let count = libdeflate_deflate_compress(whole, source, input.count, wholeOutput.baseAddress, room)
        return count == 0 ? nil : UnsafeRawBufferPointer(rebasing: wholeOutput[0..<count])
    }
}

/// Thin wrappers over the zlib calls this module needs; everything above speaks Swift.
enum Zlib {
    /// Inflates raw deflate data whose uncompressed size is known.
    /// Inflates a raw deflate stream that must produce exactly `expectedSize` bytes. The output
    /// grows as bytes actually arrive (from a few times the input), so a header that declares
    /// gigabytes costs nothing until the data backs it up, and the stream stops past the declared size.
    static func inflateRaw(_ input: ArraySlice<UInt8>, expectedSize: Int) throws(ZipError) -> [UInt8] {
        var stream = z_stream()
        let initResult = czlib_inflateInit2(&stream, -15)
        guard initResult == Z_OK else { throw .zlib(function: "inflateInit2", code: initResult) }
        defer { inflateEnd(&stream) }

        var output = [UInt8](repeating: 0, count: min(expectedSize, max(4096, input.count * 4)) + 1)
        var result: Int32 = Z_OK
        var produced = 0
        var consumed = 0
        while true {
            input.withUnsafeBufferPointer { inBuf in
                output.withUnsafeMutableBufferPointer { outBuf in
                    stream.next_in = UnsafeMutablePointer(mutating: inBuf.baseAddress.map { $0 + consumed })
                    stream.avail_in = uInt(inBuf.count - consumed)
                    stream.next_out = outBuf.baseAddress.map { $0 + produced }
                    stream.avail_out = uInt(outBuf.count - produced)
                    result = inflate(&stream, Z_NO_FLUSH)
                    consumed = inBuf.count - Int(stream.avail_in)
                    produced = outBuf.count - Int(stream.avail_out)
                }
            }
            if result == Z_STREAM_END { break }
            guard result == Z_OK || result == Z_BUF_ERROR, produced <= expectedSize else {
                throw .corrupt("deflate data does not inflate to the recorded size")
            }
            if produced == output.count {
                // One byte past the declared size proves the header wrong; otherwise grow toward it.
                output.append(contentsOf: repeatElement(0, count: min(output.count, expectedSize + 1 - output.count)))
            } else if consumed == input.count {
                throw .corrupt("deflate data ends early")
            }
        }
        guard produced == expectedSize else { throw .corrupt("deflate data does not inflate to the recorded size") }
        output.removeSubrange(produced...)
        return output
    }
}
