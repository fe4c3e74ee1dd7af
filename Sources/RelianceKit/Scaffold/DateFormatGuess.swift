/// Proposes date patterns that read every sample value of a column.
enum DateFormatGuess {
    static let candidates = [
        "dd.MM.yyyy", "d.M.yyyy", "dd.MM.yy", "dd/MM/yyyy", "MM/dd/yyyy", "yyyyMMdd", "dd-MM-yyyy",
        "dd.MM.yyyy HH:mm", "dd.MM.yyyy HH:mm:ss", "d.M.yyyy H:mm", "dd/MM/yyyy HH:mm", "dd.MM.yy HH:mm",
    ]

    /// The fewest candidates, in order, that together read every value; empty when ISO 8601
    /// (always understood) covers them or when nothing does.
    static func formats(for values: [String], timestamp: Bool) -> [String] {
        let pending = values.filter { DateReader.iso($0) == nil }
        guard !pending.isEmpty else { return [] }
        let patterns = candidates.compactMap { pattern in DatePattern(pattern).map { (pattern, $0) } }
        var chosen: [String] = []
        var uncovered = pending
        while !uncovered.isEmpty {
            let best = patterns.map { pattern in (pattern.0, uncovered.filter { pattern.1.match($0) != nil }.count) }
                .max { $0.1 < $1.1 }
            guard let (pattern, count) = best, count > 0 else { break }
            chosen.append(pattern)
            if let compiled = DatePattern(pattern) { uncovered = uncovered.filter { compiled.match($0) == nil } }
        }
        return chosen
    }
}
