import FileSystem

/// Why an upload run cannot go on; each maps to an exit code.
public enum UploadError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Options, URL or credentials file unusable: exit 2.
    case configuration(String)
    /// Concedus refused the credentials: exit 2.
    case credentialsRefused(String)
    /// Local I/O: reading ZIPs, writing upload-results.csv, or too few file descriptors: exit 3.
    case io(String)
    /// Another live run (an upload or a convert) holds the folder: exit 4, as `convert` does.
    case locked(folder: String, holder: String)

    public var exitCode: Int32 {
        switch self {
        case .configuration, .credentialsRefused: 2
        case .io: 3
        case .locked: 4
        }
    }

    public var description: String {
        switch self {
        case let .configuration(message): "error: \(message)"
        case let .credentialsRefused(message): "error: Concedus refused the credentials: \(message)"
        case let .io(message): "error: \(message)"
        case let .locked(folder, holder): "error: \(FolderLock.heldMessage(folder: folder, holder: holder))"
        }
    }
}
