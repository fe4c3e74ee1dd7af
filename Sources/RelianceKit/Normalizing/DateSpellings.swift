/// The numeric date spellings exports and office programs write: Excel and LibreOffice saving CSV
/// in German (`06.06.57`, `06.06.1957 14:35`), English UK (`20/01/2025 15:26`) and US locale
/// (`1/20/25 3:26 PM`, `01/20/2025 15:26`). The one list `init` proposes formats from and a date
/// error's hint names; within each order, a spelling with padded parts comes before the looser
/// one, so the first that reads a value is the one it was written in.
enum DateSpellings {
    static let dayFirst = compile([
        "dd.MM.yyyy", "d.M.yyyy", "dd.MM.yy", "dd/MM/yyyy", "d/M/yyyy", "dd-MM-yyyy", "dd/MM/yy",
        "dd.MM.yyyy HH:mm", "dd.MM.yyyy HH:mm:ss", "d.M.yyyy H:mm", "dd/MM/yyyy HH:mm", "dd.MM.yy HH:mm", "dd/MM/yyyy HH:mm:ss",
        "d.M.yy", "d/M/yy", "dd.MM.yy HH:mm:ss", "d.M.yy H:mm", "dd/MM/yy HH:mm", "d/M/yyyy H:mm",
        "dd/MM/yyyy hh:mm a", "d/M/yyyy h:mm a",
    ])
    static let monthFirst = compile([
        "MM/dd/yyyy", "M/d/yyyy", "MM-dd-yyyy", "MM/dd/yy", "M/d/yy",
        "MM/dd/yyyy HH:mm", "M/d/yyyy H:mm", "MM/dd/yyyy HH:mm:ss",
        "MM/dd/yy hh:mm a", "M/d/yy h:mm a", "MM/dd/yyyy hh:mm a", "M/d/yyyy h:mm a",
        "MM/dd/yy hh:mm:ss a", "M/d/yy h:mm:ss a", "MM/dd/yyyy hh:mm:ss a", "M/d/yyyy h:mm:ss a",
        "MM/dd/yy HH:mm", "M/d/yy H:mm", "M/d/yyyy H:mm:ss",
    ])
    static let neutral = compile(["yyyyMMdd", "yyyy/MM/dd"])

    private static func compile(_ patterns: [String]) -> [DatePattern] {
        patterns.compactMap(DatePattern.init)
    }
}
