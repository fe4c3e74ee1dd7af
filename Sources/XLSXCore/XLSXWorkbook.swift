import Foundation
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
    /// For each cell style index whose number format changes what a person sees: how.
    let cellFormats: [Int: CellFormat]
    let archive: ZipFile
    /// The archive's parts by name, found ignoring case as OPC requires.
    let parts: PartNames

    /// Limits that keep a damaged or hostile workbook from exhausting memory.
    public static let maxSharedStringBytes = 256 << 20
    public static let maxColumns = 16_384
    /// The most text one cell may hold: 1 MiB, the limit of a CSV record, so the same export is
    /// bounded alike in either form. Checked as the text arrives; a longer cell is damaged.
    public static let maxCellBytes = 1 << 20

    public init(path: String) throws {
        let archive: ZipFile
        do {
            archive = try ZipFile(path: path)
        } catch {
            throw XLSXError.notAWorkbook("\(error)")
        }
        self.archive = archive
        let parts = try PartNames(archive.entries)
        try XLSXWorkbook.refuseOtherFormats(parts, archive)
        // The workbook part is the package's officeDocument relationship (ECMA-376 Part 2); every
        // writer puts it at xl/workbook.xml, but the package says where.
        let rootRelations = try parts.entry("_rels/.rels").map { try XLSXWorkbook.readRelations(archive, $0, base: "") } ?? []
        let workbookPath = rootRelations.first { $0.type.hasSuffix("/officeDocument") }?.target ?? "xl/workbook.xml"
        guard let workbookEntry = parts.entry(workbookPath) else {
            throw XLSXError.notAWorkbook("the ZIP has no workbook part (\(workbookPath))")
        }
        let folder = PartNames.folder(of: workbookPath)
        let relationsPath = folder + "_rels/" + String(workbookPath.dropFirst(folder.count)) + ".rels"
        guard let relationsEntry = parts.entry(relationsPath) else {
            throw XLSXError.damaged("the workbook has no \(relationsPath)")
        }
        let relations = try XLSXWorkbook.readRelations(archive, relationsEntry, base: folder)
        var sheets: [Sheet] = []
        var uses1904 = false
        var mainPrefix: String?
        let workbook = try XLSXWorkbook.tokenizer(archive, workbookEntry)
        while let event = try workbook.next() {
            guard case let .start(name, attributes, _) = event else { continue }
            switch name.localName {
            case "workbook":
                mainPrefix = XLSXWorkbook.prefix(of: XLSXWorkbook.mainNamespace, in: attributes)
            case "workbookPr" where XLSXWorkbook.prefix(of: name) == (mainPrefix ?? ""):
                // Only SpreadsheetML's own workbookPr: the x14:/x15: extensions that follow it in
                // Mac Excel 2011 and Excel 2013+ files have no date1904 and must not reset it.
                let value = attributes["date1904"]?.lowercased()
                uses1904 = value == "1" || value == "true"
            case "sheet":
                let id = attributes.pairs.first { $0.name.localName == "id" && $0.name.contains(":") }?.value
                guard let sheetName = attributes["name"], let id, let target = relations.first(where: { $0.id == id })?.target else {
                    throw XLSXError.damaged("a sheet in \(workbookPath) has no name or no part")
                }
                sheets.append(Sheet(name: sheetName, part: target))
            default:
                break
            }
        }
        guard !sheets.isEmpty else { throw XLSXError.damaged("the workbook lists no sheets") }
        self.sheets = sheets
        self.uses1904 = uses1904
        self.parts = parts
        let sharedPath = relations.first { $0.type.hasSuffix("/sharedStrings") }?.target ?? folder + "sharedStrings.xml"
        let stylesPath = relations.first { $0.type.hasSuffix("/styles") }?.target ?? folder + "styles.xml"
        sharedStrings = try XLSXWorkbook.readSharedStrings(archive, parts.entry(sharedPath))
        cellFormats = try XLSXWorkbook.readCellFormats(archive, parts.entry(stylesPath))
    }

    static let mainNamespace = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"

    /// The prefix bound to `namespace` on an element ("" for the default namespace), or nil.
    static func prefix(of namespace: String, in attributes: XMLAttributes) -> String? {
        for pair in attributes.pairs where pair.value == namespace {
            if pair.name == "xmlns" { return "" }
            if pair.name.hasPrefix("xmlns:") { return String(pair.name.dropFirst(6)) }
        }
        return nil
    }

    /// The prefix of a qualified name, "" when it has none.
    static func prefix(of name: String) -> String {
        name.firstIndex(of: ":").map { String(name[..<$0]) } ?? ""
    }

    /// Files that begin like a workbook (a ZIP) but are another format: refused with what they are.
    static func refuseOtherFormats(_ parts: PartNames, _ archive: ZipFile) throws {
        if parts.entry("xl/workbook.bin") != nil {
            throw XLSXError.notAWorkbook("it is an Excel binary workbook (.xlsb); save it in Excel as .xlsx (Excel Workbook) or as CSV UTF-8")
        }
        if let mimetype = parts.entry("mimetype"), let bytes = try? archive.contents(of: mimetype, limit: 256),
           String(decoding: bytes, as: UTF8.self).hasPrefix("application/vnd.oasis.opendocument") {
            throw XLSXError.notAWorkbook("it is an OpenDocument file (.ods, LibreOffice or OpenOffice); save it as .xlsx (Excel 2007-365) or as CSV")
        }
        if parts.entry("[Content_Types].xml") == nil, parts.entry("xl/workbook.xml") == nil {
            throw XLSXError.notAWorkbook("it is a ZIP archive but not an Office document; give the .xlsx workbook or a CSV export")
        }
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
        guard let entry = parts.entry(sheet.part) else {
            throw XLSXError.damaged("sheet \"\(sheet.name)\" points to \(sheet.part), which the archive lacks")
        }
        let stream = try archive.stream(entry)
        return XLSXSheetReader(tokenizer: XMLTokenizer { try stream.next() }, workbook: self) { stream.fractionRead }
    }

    static func tokenizer(_ archive: ZipFile, _ entry: ZipReader.Entry) throws -> XMLTokenizer {
        let stream = try archive.stream(entry)
        return XMLTokenizer { try stream.next() }
    }

    struct Relationship {
        let id: String
        let type: String
        /// The target part's name, resolved against the folder of the part that holds the relationship.
        let target: String
    }

    /// The relationships of a `.rels` part; targets resolved against `base` (a folder ending in `/`).
    private static func readRelations(_ archive: ZipFile, _ entry: ZipReader.Entry, base: String) throws -> [Relationship] {
        var relations: [Relationship] = []
        let tokenizer = try tokenizer(archive, entry)
        while let event = try tokenizer.next() {
            guard case let .start(name, attributes, _) = event, name.localName == "Relationship",
                  let id = attributes["Id"], let target = attributes["Target"] else { continue }
            if attributes["TargetMode"] == "External" { continue }
            relations.append(Relationship(id: id, type: attributes["Type"] ?? "", target: PartNames.resolve(target, against: base)))
        }
        return relations
    }

    /// The shared strings, with every limit checked as the text arrives: one string over
    /// `maxCellBytes` is not kept (its cells are damaged), and the table over
    /// `maxSharedStringBytes` stops the run before it is held.
    private static func readSharedStrings(_ archive: ZipFile, _ entry: ZipReader.Entry?) throws -> SharedStrings {
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
                    throw XLSXError.limit("the shared strings exceed \(maxSharedStringBytes >> 20) MiB")
                }
                current += text
            }
        }
        return strings
    }

    /// Which cell styles show dates, times, durations or padded numbers, from the styles part.
    private static func readCellFormats(_ archive: ZipFile, _ entry: ZipReader.Entry?) throws -> [Int: CellFormat] {
        guard let entry else { return [:] }
        var customFormats: [Int: String] = [:]
        var styles: [Int: CellFormat] = [:]
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
                    if let format = NumberFormat.cellFormat(id: id, code: customFormats[id]) { styles[styleIndex] = format }
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

/// How a cell's number format changes the text a person sees in Excel, where it matters to a
/// conversion: dates and times, elapsed durations, and numbers padded or fixed to a number of
/// digits. Other formats (thousands separators, percent, currency, scientific) leave the number's
/// digits as they are: a separator or a symbol would break the values the rules read.
public enum CellFormat: Equatable, Sendable {
    case date(hasDate: Bool, hasTime: Bool)
    /// `[h]:mm:ss`, `[mm]:ss`, `[s]`: a duration counted in its largest unit, days included.
    case elapsed(largest: Character, minutes: Bool, seconds: Bool)
    /// `00000`: an integer shown with at least this many digits (postal codes, account numbers).
    case zeroPadded(width: Int)
    /// `0.00`, `#,##0.00`: this many decimals.
    case fixed(decimals: Int)
}

/// Excel number formats (ECMA-376 Part 1, §18.8.30–31).
enum NumberFormat {
    /// The display kind of built-in format `id` or custom format `code`; nil for General and formats
    /// that show the number's digits unchanged.
    static func cellFormat(id: Int, code: String?) -> CellFormat? {
        switch id {
        case 1: return .zeroPadded(width: 1)
        case 2, 4: return .fixed(decimals: 2)
        case 14...17, 27...31, 34...36, 50...58: return .date(hasDate: true, hasTime: false)
        case 22: return .date(hasDate: true, hasTime: true)
        case 18...21, 32, 33, 45, 47: return .date(hasDate: false, hasTime: true)
        case 46: return .elapsed(largest: "h", minutes: true, seconds: true)
        default: break
        }
        guard let code else { return nil }
        let cleaned = clean(code)
        if cleaned == "general" || cleaned.isEmpty { return nil }
        let section = cleaned.split(separator: ";", omittingEmptySubsequences: false).first.map(String.init) ?? cleaned
        if let elapsed = elapsed(section) { return elapsed }
        if section.allSatisfy({ $0 == "0" }) { return .zeroPadded(width: section.count) }
        let plain = section.replacingOccurrences(of: "#,##", with: "")
        if plain.hasPrefix("0."), plain.dropFirst(2).allSatisfy({ $0 == "0" }), plain.count > 2 {
            return .fixed(decimals: plain.count - 2)
        }
        // Digit placeholders make it a number format (thousands, percent, currency, scientific): digits unchanged.
        if section.contains("0") || section.contains("#") || section.contains("?") { return nil }
        let hasDate = section.contains("d") || section.contains("y") || section.contains("mmm")
        let hasTime = section.contains("h") || section.contains("s")
        // "m" alone is a month beside d/y and a minute beside h/s; three or more are a month name.
        guard hasDate || hasTime else { return nil }
        return .date(hasDate: hasDate, hasTime: hasTime)
    }

    /// The date and time parts a format shows; nil when it shows none.
    static func dateKind(id: Int, code: String?) -> (hasDate: Bool, hasTime: Bool)? {
        switch cellFormat(id: id, code: code) {
        case let .date(hasDate, hasTime): return (hasDate, hasTime)
        case .elapsed: return (false, true)
        default: return nil
        }
    }

    /// `[h]:mm:ss` and its kin, from a cleaned section that kept its bracketed units.
    private static func elapsed(_ section: String) -> CellFormat? {
        guard let open = section.firstIndex(of: "["), let close = section.firstIndex(of: "]"), open < close else { return nil }
        let unit = section[section.index(after: open)..<close]
        guard let first = unit.first, ["h", "m", "s"].contains(first), unit.allSatisfy({ $0 == first }) else { return nil }
        let rest = section[section.index(after: close)...]
        return .elapsed(largest: first, minutes: first == "h" && rest.contains("m"), seconds: first != "s" && rest.contains("s"))
    }

    /// The code lower-cased without quoted text, escapes, fill and colour or locale sections;
    /// elapsed-time brackets (`[h]`, `[mm]`) are kept.
    private static func clean(_ code: String) -> String {
        var cleaned = ""
        var chars = Array(code.lowercased())[...]
        while let char = chars.popFirst() {
            switch char {
            case "\"": while let next = chars.popFirst(), next != "\"" {}
            case "\\", "_", "*": _ = chars.popFirst()
            case "[":
                var inner = ""
                while let next = chars.popFirst(), next != "]" { inner.append(next) }
                if !inner.isEmpty, inner.allSatisfy({ $0 == inner.first }), ["h", "m", "s"].contains(inner.first) { cleaned += "[" + inner + "]" }
            default: cleaned.append(char)
            }
        }
        return cleaned
    }

    /// `serial` days as a duration in `format`'s units: `[h]:mm:ss` of 1.5 days is `36:00:00`.
    static func elapsedText(_ serial: Double, largest: Character, minutes: Bool, seconds: Bool) -> String {
        let total = Int((abs(serial) * 86400).rounded())
        let sign = serial < 0 ? "-" : ""
        func two(_ value: Int) -> String { value < 10 ? "0" + String(value) : String(value) }
        switch largest {
        case "h":
            var text = sign + two(total / 3600)
            if minutes { text += ":" + two(total % 3600 / 60) }
            if seconds { text += ":" + two(total % 60) }
            return text
        case "m":
            return sign + two(total / 60) + (seconds ? ":" + two(total % 60) : "")
        default:
            return sign + two(total)
        }
    }

    /// `value` shown with at least `width` integer digits, or with `decimals` decimals.
    static func render(_ number: String, _ format: CellFormat) -> String? {
        guard let value = Double(number), value.isFinite else { return nil }
        switch format {
        case let .zeroPadded(width):
            guard value.rounded() == value, abs(value) < 1e15 else { return nil }
            let digits = String(Int(abs(value)))
            return (value < 0 ? "-" : "") + String(repeating: "0", count: max(0, width - digits.count)) + digits
        case let .fixed(decimals):
            guard abs(value) < 1e15 else { return nil }
            return String(format: "%.\(min(decimals, 15))f", value)
        default:
            return nil
        }
    }
}
