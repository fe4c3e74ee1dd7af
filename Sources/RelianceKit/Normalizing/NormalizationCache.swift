/// Remembers what each raw spelling normalized to, for the value types whose result depends
/// only on the spelling (countries, dates, booleans, enums …), not on unique values such as
/// names or IBANs. Bounded: it starts over when full. Used by callers that normalize without a
/// mapping leaf (the scaffold's guesses); rows use each mapped value's own `ValueMemo`.
final class NormalizationCache: @unchecked Sendable {
    struct Key: Hashable {
        let kind: ValueKind
        let formats: [String]
        let raw: String
    }

    struct Entry {
        let value: Scalar?
        let findings: [Finding]
    }

    static let capacity = 50_000
    private var entries: [Key: Entry] = [:]

    static func isCacheable(_ kind: ValueKind) -> Bool {
        switch kind {
        case .date, .timestamp, .boolean, .booleanString, .country, .nationality, .salutation, .title, .currency,
             .docType, .verificationMethod, .vendor, .bic, .postalCode:
            true
        case .text, .key, .attachment, .documentNumber, .iban, .email, .phone, .zero:
            false
        }
    }

    func lookup(_ key: Key) -> Entry? {
        entries[key]
    }

    func store(_ key: Key, value: Scalar?, findings: [Finding]) {
        if entries.count >= NormalizationCache.capacity { entries.removeAll(keepingCapacity: true) }
        entries[key] = Entry(value: value, findings: findings)
    }
}
