/// Collects what `report.html` shows while rows stream past, in bounded memory: for errors and for
/// warnings, the most common raw values behind each code and the first rows each was found on.
/// The counts behind the bars are the summary's (`Summary.rejectedByCode` and the like).
struct RejectsReport {
    /// The errors of rejected rows, by the row's place in the input.
    private(set) var errors = FindingTally()
    /// The warnings of converted rows, by the row of the original export and its key, as `warnings.csv` lists them.
    private(set) var warnings = FindingTally()

    /// Adds a rejected row's errors.
    mutating func add(_ findings: [Finding], row: Int, line: Int) {
        var cells: [String: String] = [:]
        for note in findings where note.severity == .note { cells[note.field] = note.raw }
        errors.add(findings.filter { $0.severity == .error }, cells: cells, row: row, line: line)
    }

    /// Adds a converted row's warnings.
    mutating func addWarnings(_ found: [Finding], key: String, row: Int, line: Int) {
        warnings.add(found, key: key, row: row, line: line)
    }
}
