/// Counts ZIPs given up in a row for the server's or the network's failures (5xx, 429, timeouts,
/// connection errors, answers that are not Concedus's, once retries ran out), and trips at
/// `limit`: a run against a server that fails everything ends instead of trying every ZIP.
struct CircuitBreaker {
    let limit: Int
    private(set) var inARow = 0

    init(limit: Int) {
        self.limit = limit
    }

    /// Notes how one ZIP ended; the reason to stop when this was the `limit`-th failure in a row.
    mutating func record(_ outcome: UploadOutcome) -> StopReason? {
        switch outcome.status {
        case .accepted, .rejected:
            // The server answered as Concedus does: it works.
            inARow = 0
        case .failed where outcome.attempts > 0:
            inARow += 1
            if inARow >= limit { return .circuitBreaker(count: inARow, zip: outcome.zip, last: outcome.detail) }
        case .failed, .notSent:
            // A ZIP that changed or could not be opened never reached the server; one the run stopped says nothing of it.
            break
        }
        return nil
    }
}
