/// Text as the scaffold writes it into YAML and comments: a name or value from the export can hold
/// anything, and the mapping must still load and must not play tricks on the terminal it is shown on.
enum YAMLText {
    /// A YAML scalar: plain when that reads back as the same text, else double-quoted with every
    /// character that is not safe to show escaped (`\e`, `\x9B`, `\u202E`), so a header name
    /// holding ESC, BEL, a C1 control or a bidi override still names its column once loaded.
    static func scalar(_ text: String) -> String {
        let plain = !text.isEmpty && text.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" || $0 == "." }
            && text.unicodeScalars.allSatisfy { !needsEscape($0) }
            && !["true", "false", "yes", "no", "on", "off", "null", "y", "n", "~"].contains(text.lowercased())
            && !(text.first?.isNumber ?? false) && text != "TODO"
        return plain ? text : quoted(text)
    }

    /// The text double-quoted, with `\`, `"` and unsafe characters escaped.
    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\t": out += "\\t"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\u{07}": out += "\\a"
            case "\u{1B}": out += "\\e"
            case _ where needsEscape(scalar): out += escape(scalar)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    /// A value from the export as a comment shows it: quoted, escaped, at most 40 characters.
    static func shown(_ text: String) -> String {
        quoted(text.count > 40 ? String(text.prefix(37)) + "…" : text)
    }

    /// Control characters (C0, DEL, C1), format characters (bidi overrides, zero-width spaces,
    /// the byte order mark) and the line and paragraph separators.
    static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) || scalar.value == 0x2028 || scalar.value == 0x2029
            || scalar.properties.generalCategory == .format
    }

    static func escape(_ scalar: Unicode.Scalar) -> String {
        let hex = String(scalar.value, radix: 16, uppercase: true)
        switch scalar.value {
        case ..<0x100: return "\\x" + String(repeating: "0", count: 2 - hex.count) + hex
        case ..<0x10000: return "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
        default: return "\\U" + String(repeating: "0", count: 8 - hex.count) + hex
        }
    }

    /// Any text with its unsafe characters escaped as above, for a message on a terminal.
    static func visible(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            if scalar != "\n", needsEscape(scalar) { out += escape(scalar) } else { out.unicodeScalars.append(scalar) }
        }
        return out
    }
}
