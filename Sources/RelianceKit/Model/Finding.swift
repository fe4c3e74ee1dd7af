/// A problem found in one row's data: an error rejects the row, a warning never does.
public struct Finding: Sendable, Equatable, CustomStringConvertible {
    public enum Severity: String, Sendable, Equatable {
        case error
        case warning
        /// What a normalizer changed; never affects the outcome, explains it.
        case note
    }

    public let severity: Severity
    public let code: FindingCode
    /// The payload path (`person.idDocument.expireDate`, `person.bankAccounts[1].iban`), or `row`.
    public let field: String
    /// The value as it came from the input, before normalizing.
    public let raw: String?
    /// What a person reads: what is wrong and, where it helps, how to fix it.
    public let message: String

    public init(_ severity: Severity, _ code: FindingCode, field: String, raw: String? = nil, _ message: String) {
        self.severity = severity
        self.code = code
        self.field = field
        self.raw = raw
        self.message = message
    }

    /// The same finding reported at another field: a remembered normalization made at another
    /// row's path, or an array value named by its position.
    func at(_ field: String) -> Finding {
        Finding(severity, code, field: field, raw: raw, message)
    }

    /// `person.birthDate [invalid-date] "31.02.1990" is not a date in the calendar`
    public var description: String {
        "\(field) [\(code.rawValue)] \(message)"
    }
}
