/// How one ZIP ended.
public struct UploadOutcome: Sendable, Equatable {
    public enum Status: String, Sendable {
        case accepted
        case rejected
        case failed
        /// The run stopped (deadline, circuit breaker) before this ZIP was sent, or while it was.
        case notSent = "not-sent"
    }

    public let key: String
    public let zip: String
    public let sha256: String
    public let status: Status
    public let httpCode: Int?
    /// Ident links when accepted, the reason otherwise; at most `detailLimit` bytes and a note
    /// of how long it was, since it may hold whatever a server answered.
    public let detail: String
    public let attempts: Int

    /// Bytes of `detail` kept at most: a line of `upload-results.csv` stays readable in a
    /// spreadsheet, and a server cannot make the log grow by its answers.
    public static let detailLimit = 2048

    init(key: String, zip: String, sha256: String, status: Status, httpCode: Int?, detail: String, attempts: Int) {
        self.key = key
        self.zip = zip
        self.sha256 = sha256
        self.status = status
        self.httpCode = httpCode
        self.detail = UploadOutcome.bounded(detail)
        self.attempts = attempts
    }

    /// `text` itself when it fits `detailLimit`, otherwise its longest start of whole characters
    /// that does, marked as cut with the full length.
    static func bounded(_ text: String) -> String {
        let length = text.utf8.count
        guard length > detailLimit else { return text }
        var end = text.startIndex
        var used = 0
        for index in text.indices {
            let next = text.index(after: index)
            used += text.utf8[index..<next].count
            guard used <= detailLimit else { break }
            end = next
        }
        return text[..<end] + " … [cut: \(length) bytes in all]"
    }

    /// This outcome with another `detail`, the rest kept.
    func with(detail: String) -> UploadOutcome {
        UploadOutcome(key: key, zip: zip, sha256: sha256, status: status, httpCode: httpCode, detail: detail, attempts: attempts)
    }
}
