import ZipArchive

extension XLSXWorkbook {
    /// Which cell styles show dates, times, durations or padded numbers, from the styles part.
    static func readCellFormats(_ archive: ZipFile, _ entry: ZipReader.Entry?) throws(XLSXError) -> [Int: CellFormat] {
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
}
