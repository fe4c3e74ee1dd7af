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
    /// The first `shownLimit` problems, in the order the mapping was read.
    public let diagnostics: [MappingDiagnostic]
    /// The problems found beyond those, counted but not kept: a mapping with an error in every
    /// line of a long list would otherwise print megabytes nobody reads past the first screen.
    public let omitted: Int

    public static let shownLimit = 50

    public init(diagnostics: [MappingDiagnostic], omitted: Int = 0) {
        self.diagnostics = diagnostics
        self.omitted = omitted
    }

    /// One line per problem, as a terminal shows them: a line break inside a header name stays
    /// inside its line when each is escaped apart.
    public var lines: [String] {
        var lines = diagnostics.map(\.description)
        if omitted > 0, let file = diagnostics.first?.file { lines.append("\(file): ... and \(omitted) more errors") }
        return lines
    }

    public var description: String {
        lines.joined(separator: "\n")
    }
}
