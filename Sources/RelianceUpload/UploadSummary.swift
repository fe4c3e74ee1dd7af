/// What an upload run did.
public struct UploadSummary: Sendable {
    public var total = 0
    public var skipped = 0
    public var accepted = 0
    public var rejected = 0
    public var failed = 0
    /// ZIPs the run stopped before sending (or while sending): recorded `not-sent`, sent by a rerun.
    public var notSent = 0
    /// Why the run stopped before every ZIP was tried (the deadline, the circuit breaker); nil when it did not.
    public var stopped: String?
    public var planned: [String] = []
    /// `*.zip` files in the folder that the manifest does not list: reported, not sent.
    public var unlisted: [String] = []
    /// Listed ZIPs a dry run found missing or changed since the manifest was written.
    public var unsendable: [String] = []

    mutating func count(_ status: UploadOutcome.Status) {
        switch status {
        case .accepted: accepted += 1
        case .rejected: rejected += 1
        case .failed: failed += 1
        case .notSent: notSent += 1
        }
    }

    /// 0 when every ZIP is accepted (now or before), 1 otherwise.
    public var exitCode: Int32 { rejected + failed + notSent + unsendable.count == 0 && stopped == nil ? 0 : 1 }
}
