/// The text encodings a legacy export arrives in.
package enum TextEncoding: String, Sendable, CaseIterable {
    case utf8 = "utf-8"
    case utf16LE = "utf-16le"
    case utf16BE = "utf-16be"
    case windows1252 = "windows-1252"
    case latin1 = "iso-8859-1"
    case latin9 = "iso-8859-15"

    /// Reads the names people write in a mapping (`latin1`, `cp1252`, `UTF8` …).
    package init?(name: String) {
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
    package static let accepted = "auto, utf-8, utf-16, utf-16le, utf-16be, windows-1252, iso-8859-1, iso-8859-15"

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
