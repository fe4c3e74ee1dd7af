/// Writes CSV fields the way `CSVParser` reads them back: quoted when they hold the delimiter,
/// a quote, a line end or edge spaces, with inner quotes doubled.
public enum CSVWriter {
    /// Whether a field starting with `byte` is a formula to Excel: `=`, `+`, `-`, `@`, tab or CR.
    public static func startsFormula(_ byte: UInt8) -> Bool {
        switch byte {
        case 0x3D, 0x2B, 0x2D, 0x40, 0x09, 0x0D: true
        default: false
        }
    }

    /// Appends one field to `out`.
    /// - Parameter neutralizeFormulas: put `'` before a field Excel would run as a formula.
    public static func appendField(_ field: String, delimiter: UInt8, neutralizeFormulas: Bool, to out: inout [UInt8]) {
        // The bytes are read in place; walking `utf8` through its generic index cost several times as much.
        var field = field
        field.withUTF8 { appendField(bytes: $0, delimiter: delimiter, neutralizeFormulas: neutralizeFormulas, to: &out) }
    }

    /// Whether a field gets a leading `'`: its first character other than `'` starts a formula.
    /// A field that already begins with `'` before a formula start (`'=Anna`, typed so by a person)
    /// gets one more, so that `removingNeutralization` gives back exactly what was written.
    static func needsGuard(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let first = bytes.first else { return false }
        if first != UInt8(ascii: "'") { return startsFormula(first) }
        return bytes.first { $0 != UInt8(ascii: "'") }.map(startsFormula) ?? false
    }

    /// Undoes the `'` that `appendField(neutralizeFormulas: true)` put before a field, for a
    /// report read back; any other text is returned as it is.
    public static func removingNeutralization(_ field: String) -> String {
        var field = field
        let guarded = field.withUTF8 { bytes in
            bytes.first == UInt8(ascii: "'") && needsGuard(UnsafeBufferPointer(rebasing: bytes.dropFirst()))
        }
        return guarded ? String(field.dropFirst()) : field
    }

    private static func appendField(bytes: UnsafeBufferPointer<UInt8>, delimiter: UInt8, neutralizeFormulas: Bool,
                                    to out: inout [UInt8]) {
        let guarded = neutralizeFormulas && needsGuard(bytes)
        let needsQuotes = bytes.contains { $0 == delimiter || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }
            || bytes.first == 0x20 || bytes.last == 0x20
        guard needsQuotes else {
            if guarded { out.append(UInt8(ascii: "'")) }
            out.append(contentsOf: bytes)
            return
        }
        out.append(0x22)
        if guarded { out.append(UInt8(ascii: "'")) }
        for byte in bytes {
            if byte == 0x22 { out.append(0x22) }
            out.append(byte)
        }
        out.append(0x22)
    }

    /// One record: fields joined by the delimiter, ended with CRLF.
    public static func appendRecord(_ fields: [String], delimiter: UInt8, neutralizeFormulas: Bool, to out: inout [UInt8]) {
        for (index, field) in fields.enumerated() {
            if index > 0 { out.append(delimiter) }
            appendField(field, delimiter: delimiter, neutralizeFormulas: neutralizeFormulas, to: &out)
        }
        out.append(contentsOf: [0x0D, 0x0A])
    }
}
