import FileSystem

/// A problem that stops the run; each maps to the exit code of PRODUCT.md §7.
public enum ConvertError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Unusable invocation (bad option value): exit 2.
    case usage(String)
    /// Unusable mapping: exit 2, nothing written.
    case mapping(MappingError)
    /// Unusable input: exit 2, nothing written.
    case input(String)
    /// Writing failed (disk, permissions): exit 3.
    case output(WriteError)
    /// A file could not be read for a reason of the moment (a lease, no descriptors left, an I/O
    /// error), or the input changed while it was read, or the folder's manifest that a run adding
    /// to the folder needs cannot be read: exit 3, nothing retired.
    case fault(String)
    /// Another live run holds the output folder: exit 4.
    case locked(folder: String, holder: String)

    public var exitCode: Int32 {
        switch self {
        case .usage, .mapping, .input: 2
        case .output, .fault: 3
        case .locked: 4
        }
    }

    /// The message's lines: one, or one per problem of a mapping.
    public var lines: [String] {
        if case let .mapping(error) = self { error.lines } else { [description] }
    }

    public var description: String {
        switch self {
        case let .usage(message): "error: \(message)"
        case let .mapping(error): error.description
        case let .input(message): "error: \(message)"
        case let .output(error): "error: \(error)"
        case let .fault(message): "error: \(message)"
        case let .locked(folder, holder):
            "error: \(FolderLock.heldMessage(folder: folder, holder: holder))"
        }
    }
}

extension ConvertError {
    /// The input could not be opened or read (`done`: "opened", "read") for a reason of the moment
    /// (a lease, no descriptors left, an I/O error): exit 3, before anything was written.
    static func inputFault(_ path: String, cannotBe done: String, _ failure: Errno) -> ConvertError {
        .fault("\(path): cannot be \(done) now: \(failure); nothing was written")
    }

    /// An input without a single line: there is no header to read.
    static func emptyInput(_ path: String) -> ConvertError {
        .input("\(path): the file is empty; it needs a header line")
    }
}
