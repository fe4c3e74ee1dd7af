/// Why something could not be written.
public struct WriteError: Error, Sendable, Equatable, CustomStringConvertible {
    public let path: String
    public let reason: String

    public var description: String { "\(path): cannot write: \(reason)" }

    package init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }

    /// `path` could not be written for `failure`, in the system's words.
    package init(_ path: String, _ failure: Errno) {
        self.init(path: path, reason: failure.description)
    }
}
