import ZipArchive

extension XLSXWorkbook {
    /// The totals rows of the Excel tables on `sheet`: the table parts its relationships name
    /// (`xl/worksheets/_rels/sheet1.xml.rels` → `xl/tables/table1.xml`), read up to their root element.
    func tableTotals(of sheet: Sheet) throws(XLSXError) -> [TableTotals] {
        let folder = PartNames.folder(of: sheet.part)
        guard let relationsEntry = parts.entry(PartNames.relationsPath(of: sheet.part)) else { return [] }
        var totals: [TableTotals] = []
        for relation in try XLSXWorkbook.readRelations(archive, relationsEntry, base: folder) where relation.type.hasSuffix("/table") {
            // A table part the archive lacks marks no row: a totals row is then read, and rejected, like any other.
            guard let entry = parts.entry(relation.target) else { continue }
            let tokenizer = try XLSXWorkbook.tokenizer(archive, entry)
            while let event = try tokenizer.next() {
                guard case let .start(name, attributes, _) = event else { continue }
                if name.localName == "table", let reference = attributes["ref"],
                   let table = TableTotals(reference: reference, totalsRowCount: attributes["totalsRowCount"].flatMap { Int($0) } ?? 0) {
                    totals.append(table)
                }
                break
            }
        }
        return totals
    }
}
