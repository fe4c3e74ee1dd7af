/// One problem in a mapping file, read like a compiler's message.
public struct MappingDiagnostic: Sendable, Equatable, CustomStringConvertible {
    public let file: String
    public let position: SourcePosition?
    public let message: String

    /// `mapping.yaml:14:5: error: no column "Geburtsdatm" in the header; did you mean "Geburtsdatum"?`
    public var description: String {
        if let position {
            "\(file):\(position.line):\(position.column): error: \(message)"
        } else {
            "\(file): error: \(message)"
        }
    }
}

/// A mapping that cannot be used; the run stops before any row is read.
public struct MappingError: Error, Sendable, Equatable, CustomStringConvertible {
    public let diagnostics: [MappingDiagnostic]

    public var description: String {
        diagnostics.map(\.description).joined(separator: "\n")
    }
}
