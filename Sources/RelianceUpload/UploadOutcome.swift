/// How one ZIP ended.
public struct UploadOutcome: Sendable, Equatable {
    public enum Status: String, Sendable {
        case accepted
        case rejected
        case failed
    }

    public let key: String
    public let zip: String
    public let sha256: String
    public let status: Status
    public let httpCode: Int?
    /// Ident links when accepted, the reason otherwise.
    public let detail: String
    public let attempts: Int
}
