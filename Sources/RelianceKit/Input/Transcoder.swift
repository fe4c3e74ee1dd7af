import FileSystem

/// Rewrites a file in another encoding as UTF-8 in a temporary file, so the CSV reader sees
/// UTF-8 bytes with the same lines. Undecodable bytes become U+FFFD, which the row reader reports.
enum Transcoder {
    /// Decodes the input into a UTF-8 copy with the same lines, and returns the copy, open.
    ///
    /// The copy holds every customer's data, so it has no name from the moment it exists
    /// (`FileDescriptor.anonymousFile`, mode 600 in `TMPDIR`): the kernel frees it when the
    /// descriptor closes, also after `kill -9`.
    /// `source` is the input, open (read from its start); opened here from `path` when nil.
    /// Messages name `path`.
    static func toUTF8(path: String, readingFrom source: FileDescriptor? = nil, from encoding: TextEncoding) throws(ConvertError)
        -> FileDescriptor {
        let input: FileDescriptor
        if let source {
            input = source
        } else {
            do {
                input = try .open(path, .readOnly)
            } catch {
                throw .inputFault(path, cannotBe: "opened", error)
            }
        }
        let output: FileDescriptor
        do {
            output = try .anonymousFile()
        } catch {
            throw .output(WriteError(path: FileDescriptor.temporaryFolder, reason: "no temporary file to decode \(path) into (TMPDIR): \(error)"))
        }

        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        var out: [UInt8] = []
        out.reserveCapacity(1 << 17)
        var carry: [UInt8] = []
        var pendingHigh: UInt32?
        var first = true
        var position = 0
        while true {
            let got: Int
            do {
                got = try input.read(into: &chunk, at: position)
            } catch {
                throw .inputFault(path, cannotBe: "read", error)
            }
            if got == 0 { break }
            position += got
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
            if out.count >= 1 << 16 { try flush(&out, to: output) }
        }
        if pendingHigh != nil || !carry.isEmpty { appendUTF8(0xFFFD, to: &out) }
        try flush(&out, to: output)
        return output
    }

    private static func flush(_ out: inout [UInt8], to file: FileDescriptor) throws(ConvertError) {
        do {
            try file.write(out)
        } catch {
            throw .output(WriteError(path: FileDescriptor.temporaryFolder, reason: "the decoded input does not fit the temporary folder (TMPDIR): \(error)"))
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
