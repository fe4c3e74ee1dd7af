/// What an upload run did.
public struct UploadSummary: Sendable {
    public var total = 0
    public var skipped = 0
    public var accepted = 0
    public var rejected = 0
    public var failed = 0
    public var planned: [String] = []

    /// 0 when every ZIP is accepted (now or before), 1 otherwise.
    public var exitCode: Int32 { rejected + failed == 0 ? 0 : 1 }
}
