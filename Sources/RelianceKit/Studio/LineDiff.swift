/// The lines two texts share and where they differ, by their longest common subsequence: what the
/// studio shows of one row before and after an edit (a `main.json` is a few hundred lines at most).
enum LineDiff {
    struct Line: Equatable {
        /// " " kept, "-" only before, "+" only after.
        let op: String
        let text: String
    }

    static func lines(_ before: [String], _ after: [String]) -> [Line] {
        let (n, m) = (before.count, after.count)
        // Longer texts than any main.json are shown as replaced whole rather than compared in n·m.
        guard n * m <= 4_000_000 else { return before.map { Line(op: "-", text: $0) } + after.map { Line(op: "+", text: $0) } }
        var common = [[Int]](repeating: [Int](repeating: 0, count: m + 1), count: n + 1)
        for i in stride(from: n - 1, through: 0, by: -1) {
            for j in stride(from: m - 1, through: 0, by: -1) {
                common[i][j] = before[i] == after[j] ? common[i + 1][j + 1] + 1 : max(common[i + 1][j], common[i][j + 1])
            }
        }
        var out: [Line] = []
        var (i, j) = (0, 0)
        while i < n || j < m {
            if i < n, j < m, before[i] == after[j] {
                out.append(Line(op: " ", text: before[i]))
                (i, j) = (i + 1, j + 1)
            } else if j < m, i == n || common[i][j + 1] >= common[i + 1][j] {
                out.append(Line(op: "+", text: after[j]))
                j += 1
            } else {
                out.append(Line(op: "-", text: before[i]))
                i += 1
            }
        }
        return out
    }
}
