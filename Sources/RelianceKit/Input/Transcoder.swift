#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Rewrites a file in another encoding as UTF-8 in a temporary file, so the CSV reader sees
/// UTF-8 bytes with the same lines. Undecodable bytes become U+FFFD, which the row reader reports.
enum Transcoder {
    /// Decodes the file at `path` into a UTF-8 copy with the same lines, and returns a path that
    /// reads it and the descriptor that keeps it alive.
    ///
    /// The copy holds every customer's data, so it has no name from the moment it exists: it is
    /// created in `TMPDIR` (mode 600) and unlinked at once, and read through `/proc/self/fd`.
    /// The kernel frees it when the descriptor closes, also after `kill -9`.
    /// `source` is where the bytes are read when not `path` itself; messages name `path`.
    static func toUTF8(path: String, readingFrom source: String? = nil, from encoding: TextEncoding) throws(ConvertError)
        -> (path: String, descriptor: Int32) {
        let input = open(source ?? path, O_RDONLY | O_CLOEXEC)
        guard input >= 0 else { throw .fault("\(path): cannot be opened now: \(String(cString: strerror(errno))); nothing was written") }
        defer { close(input) }
        let folder = getenv("TMPDIR").map { String(cString: $0) } ?? "/tmp"
        var template = Array("\(folder)/reliance-convert-XXXXXX".utf8CString)
        let output = template.withUnsafeMutableBufferPointer { buffer -> Int32 in
            guard let base = buffer.baseAddress else { return -1 }
            return mkstemp(base)
        }
        guard output >= 0 else {
            throw .output(WriteError(path: folder, reason: "no temporary file to decode \(path) into (TMPDIR): \(String(cString: strerror(errno)))"))
        }
        let temporary = template.withUnsafeBufferPointer { buffer in buffer.baseAddress.map { String(cString: $0) } ?? "" }
        unlink(temporary)
        var handedOver = false
        defer { if !handedOver { close(output) } }

        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        var out: [UInt8] = []
        out.reserveCapacity(1 << 17)
        var carry: [UInt8] = []
        var pendingHigh: UInt32?
        var first = true
        while true {
            let got = chunk.withUnsafeMutableBytes { read(input, $0.baseAddress, $0.count) }
            if got < 0 {
                if errno == EINTR { continue }
                throw .fault("\(path): cannot be read now: \(String(cString: strerror(errno))); nothing was written")
            }
            if got == 0 { break }
            var bytes = carry + chunk[0..<got]
            carry.removeAll()
            var index = 0
            if first, let (bomEncoding, length) = TextEncoding.byteOrderMark(bytes), bomEncoding == encoding { index = length }
            first = false
            switch encoding {
            case .utf16LE, .utf16BE:
                if (bytes.count - index) % 2 == 1 { carry = [bytes.removeLast()] }
                while index + 1 < bytes.count {
                    let unit = encoding == .utf16LE
                        ? UInt32(bytes[index]) | UInt32(bytes[index + 1]) << 8
                        : UInt32(bytes[index]) << 8 | UInt32(bytes[index + 1])
                    index += 2
                    if let high = pendingHigh {
                        pendingHigh = nil
                        if (0xDC00...0xDFFF).contains(unit) {
                            appendUTF8(0x10000 + ((high - 0xD800) << 10) + (unit - 0xDC00), to: &out)
                            continue
                        }
                        appendUTF8(0xFFFD, to: &out)
                    }
                    if (0xD800...0xDBFF).contains(unit) {
                        pendingHigh = unit
                    } else if (0xDC00...0xDFFF).contains(unit) {
                        appendUTF8(0xFFFD, to: &out)
                    } else {
                        appendUTF8(unit, to: &out)
                    }
                }
            default:
                while index < bytes.count {
                    appendUTF8(encoding.scalar(forByte: bytes[index]) ?? 0xFFFD, to: &out)
                    index += 1
                }
            }
            if out.count >= 1 << 16 { try flush(&out, to: output, temporary: temporary) }
        }
        if pendingHigh != nil || !carry.isEmpty { appendUTF8(0xFFFD, to: &out) }
        try flush(&out, to: output, temporary: temporary)
        handedOver = true
        return (descriptorPath(output), output)
    }

    private static func flush(_ out: inout [UInt8], to fd: Int32, temporary: String) throws(ConvertError) {
        var offset = 0
        while offset < out.count {
            let written = out.withUnsafeBytes { raw -> Int in
                guard let base = raw.baseAddress else { return 0 }
                return write(fd, base + offset, raw.count - offset)
            }
            if written < 0, errno == EINTR { continue }
            if written <= 0 {
                let folder = getenv("TMPDIR").map { String(cString: $0) } ?? "/tmp"
                throw .output(WriteError(path: folder, reason: "the decoded input does not fit the temporary folder (TMPDIR): \(String(cString: strerror(errno)))"))
            }
            offset += written
        }
        out.removeAll(keepingCapacity: true)
    }

    static func appendUTF8(_ scalar: UInt32, to out: inout [UInt8]) {
        switch scalar {
        case 0..<0x80:
            out.append(UInt8(scalar))
        case 0x80..<0x800:
            out.append(UInt8(0xC0 | scalar >> 6))
            out.append(UInt8(0x80 | scalar & 0x3F))
        case 0x800..<0x10000:
            out.append(UInt8(0xE0 | scalar >> 12))
            out.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            out.append(UInt8(0x80 | scalar & 0x3F))
        default:
            out.append(UInt8(0xF0 | scalar >> 18))
            out.append(UInt8(0x80 | scalar >> 12 & 0x3F))
            out.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            out.append(UInt8(0x80 | scalar & 0x3F))
        }
    }
}
