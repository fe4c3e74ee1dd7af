/// Why an upload run cannot go on; each maps to an exit code.
public enum UploadError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Options, URL or credentials file unusable: exit 2.
    case configuration(String)
    /// Concedus refused the credentials: exit 2.
    case credentialsRefused(String)
    /// Reading ZIPs or writing upload-results.csv failed: exit 3.
    case io(String)

    public var exitCode: Int32 {
        switch self {
        case .configuration, .credentialsRefused: 2
        case .io: 3
        }
    }

    public var description: String {
        switch self {
        case let .configuration(message): "error: \(message)"
        case let .credentialsRefused(message): "error: Concedus refused the credentials: \(message)"
        case let .io(message): "error: \(message)"
        }
    }
}
