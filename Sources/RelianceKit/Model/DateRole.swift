/// What a date field records, which decides the century of a two-digit year (`06.06.57`): the
/// latest year with those two digits that is not after the as-of year plus `latestYear`.
package enum DateRole: Sendable, Hashable {
    /// A birth date: the customer is 18 or older, so at most the as-of year − 18.
    case birth
    /// A date that has happened (issue, signature and event dates, every timestamp): at most the
    /// as-of year.
    case past
    /// An expiry date, which may lie ahead: at most 50 years after the as-of year.
    case expiry

    /// The latest year a two-digit year may stand for, counted from the as-of year.
    var latestYear: Int {
        switch self {
        case .birth: -18
        case .past: 0
        case .expiry: 50
        }
    }
}
