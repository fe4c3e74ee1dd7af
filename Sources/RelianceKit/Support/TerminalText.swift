/// Text from the data made safe to show on a terminal: every character a terminal would obey
/// rather than show is written as a JSON string writes it (`\n`, `\r`, `\t`, otherwise `\u` and
/// four lowercase hex digits), so a cell, a header name or a ZIP entry name cannot colour, clear
/// or retitle the terminal, reverse the text around it, or start a line of its own.
///
/// Escaped: C0 controls and DEL, C1 controls (U+0080–U+009F, which some terminals read as ESC
/// sequences), the bidirectional marks, embeddings, overrides and isolates (U+061C, U+200E,
/// U+200F, U+202A–U+202E, U+2066–U+2069), and the line and paragraph separators (U+2028, U+2029).
/// A backslash is not escaped: the forms stay readable in a path, and escaping twice changes nothing.
package enum TerminalText {
    /// Whether a terminal would act on `scalar` instead of showing it.
    package static func needsEscaping(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0..<0x20, 0x7F...0x9F, 0x061C, 0x200E, 0x200F, 0x2028...0x202E, 0x2066...0x2069: true
        default: false
        }
    }

    /// `text` with every character `needsEscaping` names written out; a line feed too, so the
    /// result is one line whatever the value held.
    package static func escaped(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: needsEscaping) else { return text }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            guard needsEscaping(scalar) else {
                out.append(scalar)
                continue
            }
            let hex = String(scalar.value, radix: 16)
            // Every escaped scalar is below U+10000: four digits always suffice.
            let form = switch scalar {
            case "\n": #"\n"#
            case "\r": #"\r"#
            case "\t": #"\t"#
            default: #"\u"# + String(repeating: "0", count: 4 - hex.count) + hex
            }
            out.append(contentsOf: form.unicodeScalars)
        }
        return String(out)
    }

    /// `text` escaped line by line, its line feeds kept: for text whose lines the program made,
    /// such as JSON (whose writer escapes every line feed inside a string) or a usage message.
    package static func escapedLines(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { $0 != "\n" && needsEscaping($0) }) else { return text }
        return text.split(separator: "\n", omittingEmptySubsequences: false).map { escaped(String($0)) }.joined(separator: "\n")
    }
}
