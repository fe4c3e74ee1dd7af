import FileSystem

/// Why an archive could not be written or read.
public enum ZipError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The archive's bytes could not be written (the disk, permissions): the cause as the
    /// file-system layer gave it, for the caller to pass on as it is.
    case write(WriteError)
    case zlib(function: String, code: Int32)
    case duplicateEntry(String)
    case invalidEntryName(String)
    case tooLarge(String)
    case corrupt(String)
    /// A file being packed or read could not be read, or changed while it was read: a fault of the
    /// moment (a lease, no descriptors, an I/O error, a writer), not of the file's content.
    case sourceUnreadable(name: String, reason: String)
    /// An entry would inflate far beyond what its stored bytes can legitimately hold.
    case inflatesTooFar(name: String, size: Int, stored: Int)
    /// The end record lists more entries than the reader was told to accept (0xFFFF: ZIP64's mark
    /// that the real count, possibly millions, lies in a record this reader does not read).
    case tooManyEntries(listed: Int, limit: Int)

    public var description: String {
        switch self {
        case let .write(error): error.description
        case let .zlib(function, code): "zlib \(function) failed with code \(code)"
        case let .duplicateEntry(name): "the archive already holds an entry named \"\(name)\""
        case let .invalidEntryName(name): "\"\(name)\" cannot name a ZIP entry"
        case let .tooLarge(name): "\"\(name)\" is larger than a ZIP without ZIP64 can hold (4 GiB)"
        case let .corrupt(reason): "damaged archive: \(reason)"
        case let .sourceUnreadable(name, reason): "\"\(name)\" \(reason)"
        case let .inflatesTooFar(name, size, stored):
            "\"\(name)\" would inflate to \(size) bytes from \(stored) stored, more than \(InflationLimit.ratio) to 1: refused as a likely ZIP bomb"
        case let .tooManyEntries(listed, limit):
            "the archive lists \(listed == 0xFFFF ? "65535 or more" : String(listed)) entries, more than the \(limit) it may hold here: refused as damaged or hostile"
        }
    }
}
