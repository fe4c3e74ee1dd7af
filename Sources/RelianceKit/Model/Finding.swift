/// A problem found in one row's data: an error rejects the row, a warning never does.
package struct Finding: Sendable, Equatable, CustomStringConvertible {
    package enum Severity: String, Sendable, Equatable {
        case error
        case warning
        /// What a normalizer changed; never affects the outcome, explains it.
        case note
    }

    package let severity: Severity
    package let code: FindingCode
    /// The payload path (`person.idDocument.expireDate`, `person.bankAccounts[1].iban`), or `row`.
    package let field: String
    /// The value as it came from the input, before normalizing.
    package let raw: String?
    /// What a person reads: what is wrong and, where it helps, how to fix it.
    package let message: String

    package init(_ severity: Severity, _ code: FindingCode, field: String, raw: String? = nil, _ message: String) {
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
    package var description: String {
        "\(field) [\(code.rawValue)] \(message)"
    }
}
