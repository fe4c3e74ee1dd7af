/// How many of the folder's ZIPs one full run may retire (`--retire-limit`), like rsync's
/// `--max-delete`: an export cut short by a failed job upstream, or a fed-back file taken for an
/// export, would otherwise retire every customer it lacks. A run over the limit retires none.
public enum RetireLimit: Sendable, Equatable {
    /// At most this many ZIPs.
    case count(Int)
    /// At most this share of the ZIPs the folder held when the run began, and never fewer than
    /// `atLeast` (a small folder may lose a few customers a night).
    case percent(Double, atLeast: Int)
    /// No limit: the night that really drops customers.
    case none

    /// 10 % of the folder's ZIPs, and at least 5.
    public static let standard = RetireLimit.percent(10, atLeast: 5)

    /// Parses `500`, `10%` or `none`.
    public init?(_ text: String) {
        if text == "none" {
            self = .none
        } else if text.hasSuffix("%") {
            guard let value = Double(text.dropLast()), value >= 0, value <= 100 else { return nil }
            self = .percent(value, atLeast: 0)
        } else {
            guard let value = Int(text), value >= 0 else { return nil }
            self = .count(value)
        }
    }

    /// The most ZIPs a run may retire from a folder that held `zips` when it began.
    public func allowed(ofFolderHolding zips: Int) -> Int {
        switch self {
        case let .count(limit): limit
        case let .percent(share, atLeast): max(atLeast, Int((share * Double(zips) / 100).rounded(.down)))
        case .none: Int.max
        }
    }

    /// How the limit reads in a message.
    var shown: String {
        switch self {
        case let .count(limit): "\(limit) ZIPs"
        case let .percent(share, atLeast):
            "\(share.formatted())% of the folder's ZIPs" + (atLeast > 0 ? " (at least \(atLeast))" : "")
        case .none: "no limit"
        }
    }
}

private extension Double {
    func formatted() -> String {
        self == rounded() ? String(Int(self)) : String(self)
    }
}
