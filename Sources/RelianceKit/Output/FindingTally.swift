/// What `report.html` keeps about the findings of one severity while rows stream past, in bounded
/// memory: for each code, the commonest raw values behind it and the first rows it was found on.
///
/// Counts are rows, like the report's bars: a row counts once per code and value however many of
/// its fields hold that value, and appears once among a code's first rows however many findings of
/// that code it has.
struct FindingTally {
    struct Example {
        /// The customer key, for a converted row (whose warnings `warnings.csv` lists by key).
        let key: String?
        let row: Int
        let line: Int
        let field: String
        let raw: String
        let message: String
        /// Further findings of the same code in the row, not shown.
        let more: Int
    }

    static let examplesPerCode = 5
    static let distinctValuesPerCode = 500

    private(set) var rowsByValue: [FindingCode: [String: Int]] = [:]
    /// Rows behind values beyond the first `distinctValuesPerCode` of a code.
    private(set) var otherValues: [FindingCode: Int] = [:]
    private(set) var examples: [FindingCode: [Example]] = [:]

    /// Adds one row's findings.
    /// - Parameter cells: the cell as read, by field, where a normalizer rewrote it: a rule that
    ///   checks the normalized value (too-young on a birth date) reports the cell, not the rewrite.
    mutating func add(_ findings: [Finding], cells: [String: String] = [:], key: String? = nil, row: Int, line: Int) {
        func raw(_ finding: Finding) -> String { cells[finding.field] ?? finding.raw ?? "" }
        for (index, finding) in findings.enumerated() {
            let earlier = findings[..<index]
            let value = raw(finding)
            if !value.isEmpty, !earlier.contains(where: { $0.code == finding.code && raw($0) == value }) {
                count(value, for: finding.code)
            }
            guard !earlier.contains(where: { $0.code == finding.code }),
                  (examples[finding.code]?.count ?? 0) < FindingTally.examplesPerCode else { continue }
            let more = findings[(index + 1)...].count { $0.code == finding.code }
            examples[finding.code, default: []].append(Example(key: key, row: row, line: line, field: finding.field, raw: value,
                                                               message: finding.message, more: more))
        }
    }

    private mutating func count(_ value: String, for code: FindingCode) {
        if rowsByValue[code]?[value] != nil || (rowsByValue[code]?.count ?? 0) < FindingTally.distinctValuesPerCode {
            rowsByValue[code, default: [:]][value, default: 0] += 1
        } else {
            otherValues[code, default: 0] += 1
        }
    }
}
