import ZipArchive

extension XLSXWorkbook {
    /// The shared strings, with every limit checked as the text arrives: one string over
    /// `maxCellBytes` is not kept (its cells are damaged), and the table over
    /// `maxSharedStringBytes` stops the run before it is held.
    static func readSharedStrings(_ archive: ZipFile, _ entry: ZipReader.Entry?) throws(XLSXError) -> SharedStrings {
        guard let entry else { return SharedStrings() }
        var strings = SharedStrings()
        var current = ""
        var currentBytes = 0
        var tooLong = false
        var inText = false
        var inPhonetic = false
        let tokenizer = try tokenizer(archive, entry)
        while let event = try tokenizer.next() {
            switch event {
            case let .start(name, _, selfClosing):
                switch name.localName {
                case "si":
                    (current, currentBytes, tooLong) = ("", 0, false)
                    if selfClosing { strings.append("") }
                case "t": inText = !selfClosing
                case "rPh": inPhonetic = !selfClosing
                default: break
                }
            case let .end(name):
                switch name.localName {
                case "si":
                    if tooLong { strings.appendOversized() } else { strings.append(XLSXWorkbook.unescapeOOXML(current)) }
                    current = ""
                case "t": inText = false
                case "rPh": inPhonetic = false
                default: break
                }
            case let .text(text):
                guard inText, !inPhonetic, !tooLong else { continue }
                currentBytes += text.utf8.count
                if currentBytes > maxCellBytes {
                    (current, tooLong) = ("", true)
                    continue
                }
                if strings.byteCount + currentBytes > maxSharedStringBytes {
                    throw .limit("the shared strings exceed \(maxSharedStringBytes >> 20) MiB")
                }
                current += text
            }
        }
        return strings
    }

    /// Undoes OOXML's `_xHHHH_` escapes for characters XML cannot hold (`_x000D_` is a CR).
    static func unescapeOOXML(_ text: String) -> String {
        // Only "_xHHHH_" is escaped; most cells hold no "_x" at all.
        guard text.containsBytes(UInt8(ascii: "_"), UInt8(ascii: "x")) else { return text }
        let chars = Array(text.unicodeScalars)
        var out = String.UnicodeScalarView()
        var index = 0
        while index < chars.count {
            if chars[index] == "_", index + 6 < chars.count, chars[index + 1] == "x", chars[index + 6] == "_",
               let value = UInt32(String(String.UnicodeScalarView(chars[(index + 2)..<(index + 6)])), radix: 16),
               let scalar = Unicode.Scalar(value) {
                out.append(scalar)
                index += 7
            } else {
                out.append(chars[index])
                index += 1
            }
        }
        return String(out)
    }
}
