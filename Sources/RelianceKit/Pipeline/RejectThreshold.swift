/// A limit on rejected rows for jobs that tolerate a known number: `N` rows or `P%` of the rows read.
public enum RejectThreshold: Sendable, Equatable {
    case count(Int)
    case percent(Double)

    /// Parses `25` or `0.5%`.
    public init?(_ text: String) {
        if text.hasSuffix("%") {
            guard let value = Double(text.dropLast()), value >= 0, value <= 100 else { return nil }
            self = .percent(value)
        } else {
            guard let value = Int(text), value >= 0 else { return nil }
            self = .count(value)
        }
    }

    /// Whether `rejected` of `read` rows exceeds the threshold.
    public func isExceeded(rejected: Int, read: Int) -> Bool {
        switch self {
        case let .count(limit): rejected > limit
        case let .percent(limit): read > 0 && Double(rejected) * 100 > limit * Double(read)
        }
    }
}
