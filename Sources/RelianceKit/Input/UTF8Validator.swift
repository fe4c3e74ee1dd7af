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
