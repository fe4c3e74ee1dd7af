/// Finds the nearest candidate for a misspelt name, for "did you mean" hints.
enum Suggestions {
    /// The candidate closest to `word` by edit distance (case-insensitive), when it is close enough to help.
    static func nearest(to word: String, in candidates: some Sequence<String>) -> String? {
        let target = Array(word.lowercased())
        var best: (String, Int)?
        for candidate in candidates {
            let distance = editDistance(target, Array(candidate.lowercased()))
            if distance < best?.1 ?? Int.max { best = (candidate, distance) }
        }
        guard let (name, distance) = best else { return nil }
        let allowed = max(2, min(target.count, name.count) / 3)
        return distance <= allowed ? name : nil
    }

    static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = Swift.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
