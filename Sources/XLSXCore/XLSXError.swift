import ZipArchive

/// Why a workbook cannot be read.
public enum XLSXError: Error, Sendable, Equatable, CustomStringConvertible {
    case notAWorkbook(String)
    /// A part could not be inflated or read: the archive's own error, told as it is.
    case archive(ZipError)
    case damaged(String)
    case noSuchSheet(requested: String, available: [String])
    case limit(String)

    public var description: String {
        switch self {
        case let .notAWorkbook(reason): "not an Excel workbook: \(reason)"
        case let .archive(error): error.description
        case let .damaged(reason): "damaged workbook: \(reason)"
        case let .noSuchSheet(requested, available):
            "the workbook has no sheet \"\(requested)\"; its sheets are: " + available.map { "\"\($0)\"" }.joined(separator: ", ")
        case let .limit(reason): "limit reached: \(reason)"
        }
    }
}
