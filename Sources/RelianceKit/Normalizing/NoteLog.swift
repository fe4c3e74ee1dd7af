/// What normalizers rewrote in one row, kept without building a note's text: most rows need no
/// notes (they explain a rejected row's errors), so a row logs its rewrites and only a row that
/// needs them turns them into findings (`findings()`). The row is read once either way.
///
/// Not `Sendable`: one worker's, reused from row to row.
final class NoteLog {
    struct Entry {
        let raw: String
        let value: Scalar
        let path: String
        /// The value's position in an array field (`phonePriv[2]`), set after it was read.
        var position: Int?
    }

    /// Unchecked: one worker's log, changed only by the row it is reading (a checked access per
    /// logged value cost more than the log itself).
    @exclusivity(unchecked) private(set) var entries: [Entry] = []

    var count: Int { entries.count }

    /// Empties the log for the next row, keeping its room.
    func reset() {
        entries.removeAll(keepingCapacity: true)
    }

    func add(_ raw: String, _ value: Scalar, path: String) {
        entries.append(Entry(raw: raw, value: value, path: path))
    }

    /// Marks the entries from `start` on as values at `position` of their array field.
    func place(from start: Int, at position: Int) {
        for index in start..<entries.count { entries[index].position = position }
    }

    /// The notes logged for the fields `findings` has an error on, as `Normalizer.note` builds
    /// them where notes are kept: what `rejects.csv` and `report.html` add to those errors.
    func notes(explaining findings: [Finding]) -> [Finding] {
        // A set, not a search of the findings per entry: a split cell of thousands of values,
        // some rewritten and some refused, made that search take minutes for one row.
        let erring = Set(findings.lazy.filter { $0.severity == .error }.map(\.field))
        var notes: [Finding] = []
        for entry in entries {
            let path = entry.position.map { "\(entry.path)[\($0)]" } ?? entry.path
            if erring.contains(path) {
                notes.append(Normalizer.note(entry.raw, entry.value, path: path))
            }
        }
        return notes
    }
}

/// Where the note that explains a rewritten value goes.
enum NoteKeeping {
    /// Into the findings, built at once (`preview`, one row in the studio).
    case findings
    /// Counted in the value's memo and logged in the row's `NoteLog`, built only if the row needs it.
    case log
    /// Counted in the value's memo only.
    case count
}
