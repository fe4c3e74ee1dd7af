/// Finds YAML aliases (`*name`) in a mapping's bytes before the YAML is parsed.
///
/// An alias repeats the node its anchor (`&name`) marks, and aliases of aliases multiply: 300
/// bytes used as keys make the parser hash hundreds of millions of nodes (17 s). The parser
/// expands them before anything else can look, so they are refused from the text. The scan is
/// conservative: it takes every `*name` and `&name` whose `*` or `&` does not continue a word,
/// inside quotes and comments too, as the scanner of libyaml could read it, and reports the first
/// `*name` whose name an earlier `&name` carries. A real alias always has one (else the parser
/// stops at it, cheaply); text that only looks like both (`"&x … *x"`) is refused too, and is
/// rare enough to quote differently.
enum YAMLAliases {
    /// Where the first alias stands, with its name; nil when the mapping has none.
    static func first(in bytes: [UInt8]) -> (name: String, position: SourcePosition)? {
        var anchors: Set<ArraySlice<UInt8>> = []
        var line = 1
        var column = 1
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\n") {
                (line, column) = (line + 1, 1)
                index += 1
                continue
            }
            if byte == UInt8(ascii: "&") || byte == UInt8(ascii: "*"), index == 0 || !isNameByte(bytes[index - 1]) {
                var end = index + 1
                while end < bytes.count, isNameByte(bytes[end]) { end += 1 }
                let name = bytes[(index + 1)..<end]
                if !name.isEmpty {
                    if byte == UInt8(ascii: "&") {
                        anchors.insert(name)
                    } else if anchors.contains(name) {
                        return (String(decoding: name, as: UTF8.self), SourcePosition(line: line, column: column))
                    }
                }
            }
            // Columns count characters, as the parser's marks do: continuation bytes add none.
            if byte & 0xC0 != 0x80 { column += 1 }
            index += 1
        }
        return nil
    }

    /// The bytes libyaml allows in an anchor's name: ASCII letters, digits, `_` and `-`.
    private static func isNameByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
             UInt8(ascii: "_"), UInt8(ascii: "-"):
            true
        default: false
        }
    }
}
