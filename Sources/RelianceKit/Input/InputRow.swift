/// One data row of the input, decoded, with where it came from and what was wrong with its syntax.
struct InputRow: Sendable {
    /// Record number in the file; the header is record 1.
    var number: Int
    /// Physical line on which the row starts.
    var line: Int
    /// Cells in header order, decoded.
    var cells: [String]
    /// Syntax problems: the row is rejected with these.
    var problems: [Finding]
}
