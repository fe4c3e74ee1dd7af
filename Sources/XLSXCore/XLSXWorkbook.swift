import ZipArchive

/// An Excel workbook (Office Open XML): its sheets, shared strings, date styles and date system.
public final class XLSXWorkbook {
    public struct Sheet: Sendable, Equatable {
        public let name: String
        /// The part inside the archive, such as `xl/worksheets/sheet1.xml`.
        public let part: String
    }

    public let sheets: [Sheet]
    /// Whether serial dates count from 1904-01-01 (old Mac workbooks) instead of 1900.
    public let uses1904: Bool
    let sharedStrings: SharedStrings
    /// For each cell style index: whether its number format shows a date and/or a time.
    let dateStyles: [Int: (hasDate: Bool, hasTime: Bool)]
    let archive: ZipFile

    /// Limits that keep a damaged or hostile workbook from exhausting memory.
    public static let maxSharedStringBytes = 256 << 20
    public static let maxColumns = 16_384
    /// The most text one cell may hold: 1 MiB, the limit of a CSV record, so the same export is
    /// bounded alike in either form. Checked as the text arrives; a longer cell is damaged.
    public static let maxCellBytes = 1 << 20

    public init(path: String) throws {
        do {
            archive = try ZipFile(path: path)
        } catch {
            throw XLSXError.notAWorkbook("\(error)")
        }
        guard let workbookEntry = archive.entry(named: "xl/workbook.xml") else {
            throw XLSXError.notAWorkbook("the ZIP has no xl/workbook.xml")
        }
        let relations = try XLSXWorkbook.readRelations(archive)
        var sheets: [Sheet] = []
        var uses1904 = false
        let workbook = try XLSXWorkbook.tokenizer(archive, workbookEntry)
        while let event = try workbook.next() {
            guard case let .start(name, attributes, _) = event else { continue }
            switch name.localName {
            case "workbookPr":
                let value = attributes["date1904"]?.lowercased()
                uses1904 = value == "1" || value == "true"
            case "sheet":
                let id = attributes.pairs.first { $0.name.localName == "id" && $0.name.contains(":") }?.value
                guard let sheetName = attributes["name"], let id, let target = relations[id] else {
                    throw XLSXError.damaged("a sheet in xl/workbook.xml has no name or no part")
                }
                sheets.append(Sheet(name: sheetName, part: target))
            default:
                break
            }
        }
        guard !sheets.isEmpty else { throw XLSXError.damaged("the workbook lists no sheets") }
        self.sheets = sheets
        self.uses1904 = uses1904
        sharedStrings = try XLSXWorkbook.readSharedStrings(archive)
        dateStyles = try XLSXWorkbook.readDateStyles(archive)
    }

    /// The sheet a mapping asks for: by name (exact, then ignoring case), or by 1-based position.
    public func sheet(_ request: String?) throws -> Sheet {
        guard let request, !request.isEmpty else { return sheets[0] }
        if let sheet = sheets.first(where: { $0.name == request }) ?? sheets.first(where: { $0.name.lowercased() == request.lowercased() }) {
            return sheet
        }
        if let position = Int(request), (1...sheets.count).contains(position) { return sheets[position - 1] }
        throw XLSXError.noSuchSheet(requested: request, available: sheets.map(\.name))
    }

    /// The rows of `sheet`, streamed.
    public func rows(of sheet: Sheet) throws -> XLSXSheetReader {
        guard let entry = archive.entry(named: sheet.part) else {
            throw XLSXError.damaged("sheet \"\(sheet.name)\" points to \(sheet.part), which the archive lacks")
        }
        let stream = try archive.stream(entry)
        return XLSXSheetReader(tokenizer: XMLTokenizer { try stream.next() }, workbook: self) { stream.fractionRead }
    }

    static func tokenizer(_ archive: ZipFile, _ entry: ZipReader.Entry) throws -> XMLTokenizer {
        let stream = try archive.stream(entry)
        return XMLTokenizer { try stream.next() }
    }

    /// `rId` → part path, from xl/_rels/workbook.xml.rels.
    private static func readRelations(_ archive: ZipFile) throws -> [String: String] {
        guard let entry = archive.entry(named: "xl/_rels/workbook.xml.rels") else {
            throw XLSXError.damaged("the workbook has no xl/_rels/workbook.xml.rels")
        }
        var relations: [String: String] = [:]
        let tokenizer = try tokenizer(archive, entry)
        while let event = try tokenizer.next() {
            guard case let .start(name, attributes, _) = event, name.localName == "Relationship",
                  let id = attributes["Id"], let target = attributes["Target"] else { continue }
            relations[id] = target.hasPrefix("/") ? String(target.dropFirst()) : "xl/" + target
        }
        return relations
    }

    /// The shared strings, with every limit checked as the text arrives: one string over
    /// `maxCellBytes` is not kept (its cells are damaged), and the table over
    /// `maxSharedStringBytes` stops the run before it is held.
    private static func readSharedStrings(_ archive: ZipFile) throws -> SharedStrings {
        guard let entry = archive.entry(named: "xl/sharedStrings.xml") else { return SharedStrings() }
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
                    throw XLSXError.limit("the shared strings exceed \(maxSharedStringBytes >> 20) MiB")
                }
                current += text
            }
        }
        return strings
    }

    /// Which cell styles show dates or times, from xl/styles.xml.
    private static func readDateStyles(_ archive: ZipFile) throws -> [Int: (hasDate: Bool, hasTime: Bool)] {
        guard let entry = archive.entry(named: "xl/styles.xml") else { return [:] }
        var customFormats: [Int: String] = [:]
        var styles: [Int: (hasDate: Bool, hasTime: Bool)] = [:]
        var inCellXfs = false
        var styleIndex = 0
        let tokenizer = try tokenizer(archive, entry)
        while let event = try tokenizer.next() {
            switch event {
            case let .start(name, attributes, selfClosing):
                switch name.localName {
                case "numFmt":
                    if let id = attributes["numFmtId"].flatMap({ Int($0) }), let code = attributes["formatCode"] { customFormats[id] = code }
                case "cellXfs":
                    inCellXfs = !selfClosing
                case "xf" where inCellXfs:
                    let id = attributes["numFmtId"].flatMap { Int($0) } ?? 0
                    if let kind = NumberFormat.dateKind(id: id, code: customFormats[id]) { styles[styleIndex] = kind }
                    styleIndex += 1
                default:
                    break
                }
            case let .end(name):
                if name.localName == "cellXfs" { inCellXfs = false }
            case .text:
                break
            }
        }
        return styles
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

/// Excel number formats: which show dates and times.
enum NumberFormat {
    /// nil for formats that show plain numbers.
    static func dateKind(id: Int, code: String?) -> (hasDate: Bool, hasTime: Bool)? {
        switch id {
        case 14...17, 27...31, 34...36, 50...58: return (true, false)
        case 22: return (true, true)
        case 18...21, 32, 33, 45...47: return (false, true)
        default: break
        }
        guard let code else { return nil }
        // Drop quoted text, escaped characters and [colour]/[$-locale] sections; keep elapsed-time [h].
        var cleaned = ""
        var chars = Array(code.lowercased())[...]
        while let char = chars.popFirst() {
            switch char {
            case "\"": while let next = chars.popFirst(), next != "\"" {}
            case "\\", "_", "*": _ = chars.popFirst()
            case "[":
                var inner = ""
                while let next = chars.popFirst(), next != "]" { inner.append(next) }
                if ["h", "hh", "m", "mm", "s", "ss"].contains(inner) { cleaned += inner }
            default: cleaned.append(char)
            }
        }
        if cleaned == "general" { return nil }
        let section = cleaned.split(separator: ";", omittingEmptySubsequences: false).first.map(String.init) ?? cleaned
        let hasDate = section.contains("d") || section.contains("y")
        let hasTime = section.contains("h") || section.contains("s")
        // "m" alone is a month beside d/y and a minute beside h/s.
        guard hasDate || hasTime else { return nil }
        return (hasDate, hasTime)
    }
}
