/// Which row of an export is its header. Exports often carry a title block above it ("Export vom
/// 01.03.2025", a blank line, a filter description): those rows are skipped and counted.
///
/// `input.header_row` names the row (1-based, as Excel numbers rows; for CSV the line). Without
/// it, the header is the row of the first 20 that holds most of the mapping's columns, or else the
/// first that looks like one: at least two cells and at
/// least half as many as the widest of those rows, nearly all of them text rather than numbers or
/// dates, and no name twice. When none does, the first row is the header, as before.
enum HeaderChoice {
    static let rowsLooked = 20

    /// The index in `rows` (each a row's cells) of the header: with a mapping's column names, the
    /// first row that holds the most of them (a title block or a DATEV metadata line holds none);
    /// without, or when no row holds any, the first that looks like a header.
    static func index(in rows: [[String]], columns: Set<String> = []) -> Int {
        if !columns.isEmpty {
            var best = (index: 0, count: 0)
            for (index, cells) in rows.enumerated() {
                let count = Set(cells.map(\.trimmedSpaces)).intersection(columns).count
                if count > best.count { best = (index, count) }
            }
            if best.count > 0 { return best.index }
        }
        return looksLikeHeader(in: rows)
    }

    private static func looksLikeHeader(in rows: [[String]]) -> Int {
        let filled = rows.map { $0.filter { !$0.trimmedSpaces.isEmpty } }
        let width = filled.map(\.count).max() ?? 0
        for (index, cells) in filled.enumerated() where cells.count >= max(2, (width + 1) / 2) {
            let names = cells.map(\.trimmedSpaces)
            let texty = names.filter { !looksLikeValue($0) }.count
            if texty * 10 >= names.count * 8, Set(names).count == names.count { return index }
        }
        return 0
    }

    /// A number, a date or a time, which a header name rarely is.
    static func looksLikeValue(_ text: String) -> Bool {
        text.utf8.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2E || $0 == 0x2C || $0 == 0x2D || $0 == 0x2F || $0 == 0x3A || $0 == 0x20 || $0 == 0x2B || $0 == 0x54 }
    }
}
