import Foundation
import FileSystem
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

    public convenience init(path: String) throws(XLSXError) {
        try self.init(file: nil, path: path)
    }

    /// Reads the workbook open as `file` (opened here from `path` when nil); messages name it `path`.
    package init(file: FileDescriptor?, path: String) throws(XLSXError) {
        let archive: ZipFile
        do throws(ZipError) {
            if let file { archive = try ZipFile(file: file, path: path) } else { archive = try ZipFile(path: path) }
        } catch {
            // A read that failed for a reason of the moment says nothing of what the file is.
            if case .sourceUnreadable = error { throw .archive(error) }
            throw .notAWorkbook("\(error)")
        }
        self.archive = archive
        let parts = try PartNames(archive.entries)
        try XLSXWorkbook.refuseOtherFormats(parts, archive)
        // The workbook part is the package's officeDocument relationship (ECMA-376 Part 2); every
        // writer puts it at xl/workbook.xml, but the package says where.
        var rootRelations: [Relationship] = []
        if let entry = parts.entry("_rels/.rels") { rootRelations = try XLSXWorkbook.readRelations(archive, entry, base: "") }
        let workbookPath = rootRelations.first { $0.type.hasSuffix("/officeDocument") }?.target ?? "xl/workbook.xml"
        guard let workbookEntry = parts.entry(workbookPath) else {
            throw .notAWorkbook("the ZIP has no workbook part (\(workbookPath))")
        }
        let folder = PartNames.folder(of: workbookPath)
        let relationsPath = PartNames.relationsPath(of: workbookPath)
        guard let relationsEntry = parts.entry(relationsPath) else {
            throw .damaged("the workbook has no \(relationsPath)")
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
                    throw .damaged("a sheet in \(workbookPath) has no name or no part")
                }
                sheets.append(Sheet(name: sheetName, part: target))
            default:
                break
            }
        }
        guard !sheets.isEmpty else { throw .damaged("the workbook lists no sheets") }
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
    static func refuseOtherFormats(_ parts: PartNames, _ archive: ZipFile) throws(XLSXError) {
        if parts.entry("xl/workbook.bin") != nil {
            throw .notAWorkbook("it is an Excel binary workbook (.xlsb); save it in Excel as .xlsx (Excel Workbook) or as CSV UTF-8")
        }
        if let mimetype = parts.entry("mimetype"), let bytes = try? archive.contents(of: mimetype, limit: 256),
           String(decoding: bytes, as: UTF8.self).hasPrefix("application/vnd.oasis.opendocument") {
            throw .notAWorkbook("it is an OpenDocument file (.ods, LibreOffice or OpenOffice); save it as .xlsx (Excel 2007-365) or as CSV")
        }
        if parts.entry("[Content_Types].xml") == nil, parts.entry("xl/workbook.xml") == nil {
            throw .notAWorkbook("it is a ZIP archive but not an Office document; give the .xlsx workbook or a CSV export")
        }
    }
    /// The sheet a mapping asks for: by name (exact, then ignoring case), or by 1-based position.
    public func sheet(_ request: String?) throws(XLSXError) -> Sheet {
        guard let request, !request.isEmpty else { return sheets[0] }
        if let sheet = sheets.first(where: { $0.name == request }) ?? sheets.first(where: { $0.name.lowercased() == request.lowercased() }) {
            return sheet
        }
        if let position = Int(request), (1...sheets.count).contains(position) { return sheets[position - 1] }
        throw .noSuchSheet(requested: request, available: sheets.map(\.name))
    }

    /// The rows of `sheet`, streamed; the totals rows of its Excel tables marked (`XLSXRow.isTableTotals`).
    public func rows(of sheet: Sheet) throws(XLSXError) -> XLSXSheetReader {
        guard let entry = parts.entry(sheet.part) else {
            throw .damaged("sheet \"\(sheet.name)\" points to \(sheet.part), which the archive lacks")
        }
        let totals = try tableTotals(of: sheet)
        let stream = try XLSXWorkbook.stream(archive, entry)
        return XLSXSheetReader(tokenizer: XMLTokenizer { () throws(ZipError) in try stream.next() }, workbook: self, totals: totals) {
            stream.fractionRead
        }
    }

    static func tokenizer(_ archive: ZipFile, _ entry: ZipReader.Entry) throws(XLSXError) -> XMLTokenizer {
        let stream = try XLSXWorkbook.stream(archive, entry)
        return XMLTokenizer { () throws(ZipError) in try stream.next() }
    }

    private static func stream(_ archive: ZipFile, _ entry: ZipReader.Entry) throws(XLSXError) -> ZipEntryStream {
        do {
            return try archive.stream(entry)
        } catch {
            throw .archive(error)
        }
    }
}
