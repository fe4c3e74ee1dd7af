#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The text encodings a legacy export arrives in.
public enum TextEncoding: String, Sendable, CaseIterable {
    case utf8 = "utf-8"
    case utf16LE = "utf-16le"
    case utf16BE = "utf-16be"
    case windows1252 = "windows-1252"
    case latin1 = "iso-8859-1"
    case latin9 = "iso-8859-15"

    /// Reads the names people write in a mapping (`latin1`, `cp1252`, `UTF8` …).
    public init?(name: String) {
        let key = name.lowercased().filter { $0.isLetter || $0.isNumber }
        switch key {
        case "utf8": self = .utf8
        case "utf16le": self = .utf16LE
        case "utf16be": self = .utf16BE
        case "windows1252", "cp1252", "win1252", "ansi": self = .windows1252
        case "iso88591", "latin1", "l1": self = .latin1
        case "iso885915", "latin9", "l9": self = .latin9
        default: return nil
        }
    }

    /// The names accepted in `input.encoding`, for messages.
    public static let accepted = "auto, utf-8, utf-16, utf-16le, utf-16be, windows-1252, iso-8859-1, iso-8859-15"

    /// What the byte order mark at the start of `head` says, and how long it is.
    static func byteOrderMark(_ head: [UInt8]) -> (TextEncoding, Int)? {
        if head.starts(with: [0xEF, 0xBB, 0xBF]) { return (.utf8, 3) }
        if head.starts(with: [0xFF, 0xFE]) { return (.utf16LE, 2) }
        if head.starts(with: [0xFE, 0xFF]) { return (.utf16BE, 2) }
        return nil
    }

    /// The Unicode scalar of a single-byte encoding's byte, or nil where the byte is undefined.
    func scalar(forByte byte: UInt8) -> UInt32? {
        switch self {
        case .windows1252:
            guard (0x80...0x9F).contains(byte) else { return UInt32(byte) }
            let value = TextEncoding.windows1252High[Int(byte - 0x80)]
            return value == 0 ? nil : value
        case .latin9:
            switch byte {
            case 0xA4: return 0x20AC
            case 0xA6: return 0x0160
            case 0xA8: return 0x0161
            case 0xB4: return 0x017D
            case 0xB8: return 0x017E
            case 0xBC: return 0x0152
            case 0xBD: return 0x0153
            case 0xBE: return 0x0178
            default: return UInt32(byte)
            }
        case .latin1:
            return UInt32(byte)
        case .utf8, .utf16LE, .utf16BE:
            return nil
        }
    }

    /// Windows-1252's 0x80–0x9F; 0 marks the five undefined bytes.
    private static let windows1252High: [UInt32] = [
        0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
        0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178,
    ]
}

extension TextEncoding {
    /// UTF-16 LE or BE when `head` (without a byte order mark) looks like it: most bytes on one
    /// side of each pair are 0, as in Latin text written in UTF-16, and almost none on the other.
    static func utf16WithoutMark(_ head: [UInt8]) -> TextEncoding? {
        let pairs = head.count / 2
        guard pairs >= 8 else { return nil }
        var evenZeros = 0
        var oddZeros = 0
        for index in 0..<pairs {
            if head[2 * index] == 0 { evenZeros += 1 }
            if head[2 * index + 1] == 0 { oddZeros += 1 }
        }
        if oddZeros * 10 >= pairs * 7, evenZeros * 10 <= pairs { return .utf16LE }
        if evenZeros * 10 >= pairs * 7, oddZeros * 10 <= pairs { return .utf16BE }
        return nil
    }
}

/// Checks a byte stream for strict UTF-8 (RFC 3629: no overlong forms, no surrogates, nothing
/// above U+10FFFF) chunk by chunk, in place: between bytes it keeps only how many continuation
/// bytes are still due and the range the next one must lie in, so a sequence may be cut anywhere.
///
/// It counts rather than stops: well-formed multi-byte sequences, and places where the bytes are
/// not UTF-8, so that a file of valid UTF-8 with a few damaged bytes can be told from a file in
/// another encoding.
struct UTF8Validator {
    private var remaining = 0
    private var lower: UInt8 = 0x80
    private var upper: UInt8 = 0xBF
    /// Complete multi-byte sequences seen.
    private(set) var validSequences = 0
    /// Bytes or cut sequences that are not UTF-8.
    private(set) var invalidSequences = 0

    var isValid: Bool { invalidSequences == 0 }

    mutating func feed(_ bytes: UnsafeRawBufferPointer) {
        var index = 0
        let count = bytes.count
        while index < count {
            if remaining == 0 {
                // Runs of ASCII, eight bytes at a time.
                while index + 8 <= count, bytes.loadUnaligned(fromByteOffset: index, as: UInt64.self) & 0x8080_8080_8080_8080 == 0 {
                    index += 8
                }
                guard index < count else { return }
                let byte = bytes[index]
                index += 1
                switch byte {
                case 0x00...0x7F: continue
                case 0xC2...0xDF: (remaining, lower, upper) = (1, 0x80, 0xBF)
                case 0xE0: (remaining, lower, upper) = (2, 0xA0, 0xBF)
                case 0xE1...0xEC, 0xEE...0xEF: (remaining, lower, upper) = (2, 0x80, 0xBF)
                case 0xED: (remaining, lower, upper) = (2, 0x80, 0x9F)
                case 0xF0: (remaining, lower, upper) = (3, 0x90, 0xBF)
                case 0xF1...0xF3: (remaining, lower, upper) = (3, 0x80, 0xBF)
                case 0xF4: (remaining, lower, upper) = (3, 0x80, 0x8F)
                default: invalidSequences += 1
                }
            } else {
                let byte = bytes[index]
                guard byte >= lower, byte <= upper else {
                    // The sequence is cut short; this byte is looked at again as a start.
                    invalidSequences += 1
                    (remaining, lower, upper) = (0, 0x80, 0xBF)
                    continue
                }
                index += 1
                (remaining, lower, upper) = (remaining - 1, 0x80, 0xBF)
                if remaining == 0 { validSequences += 1 }
            }
        }
    }

    /// Whether `bytes` are well-formed UTF-8 by themselves (no sequence cut at either end).
    static func isValid(_ bytes: UnsafeRawBufferPointer) -> Bool {
        var validator = UTF8Validator()
        validator.feed(bytes)
        return validator.finish()
    }

    mutating func finish() -> Bool {
        if remaining > 0 {
            invalidSequences += 1
            remaining = 0
        }
        return isValid
    }
}

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
