/// Why a run stopped before every ZIP was tried: nothing new is started, the requests in flight
/// are cancelled, and every ZIP not sent is recorded `not-sent` for the next run.
enum StopReason: Sendable, Equatable, CustomStringConvertible {
    /// `--deadline` seconds passed since the run started.
    case deadline(seconds: Int)
    /// `count` ZIPs in a row were given up for the server's or the network's failures; `last` is the last one's.
    case circuitBreaker(count: Int, zip: String, last: String)

    var description: String {
        switch self {
        case let .deadline(seconds): "the --deadline of \(seconds) s passed"
        case let .circuitBreaker(count, zip, last):
            "\(count) ZIPs in a row were given up, so Concedus or the network is failing; the last, \(zip): \(last.prefix(200))"
        }
    }

    /// The detail recorded for a ZIP the stop left unsent: never started, or cancelled while sending.
    func notSentDetail(attempts: Int) -> String {
        attempts == 0
            ? "not sent: \(self); a rerun sends it"
            : "not sent: \(self) while it was being sent (attempt \(attempts)), so Concedus may hold it; a rerun sends it again"
    }
}
