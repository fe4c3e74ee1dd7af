/// What an upload run did.
public struct UploadSummary: Sendable {
    public var total = 0
    public var skipped = 0
    public var accepted = 0
    public var rejected = 0
    public var failed = 0
    public var planned: [String] = []
    /// `*.zip` files in the folder that the manifest does not list: reported, not sent.
    public var unlisted: [String] = []
    /// Listed ZIPs a dry run found missing or changed since the manifest was written.
    public var unsendable: [String] = []

    /// 0 when every ZIP is accepted (now or before), 1 otherwise.
    public var exitCode: Int32 { rejected + failed + unsendable.count == 0 ? 0 : 1 }
}
