/// Remembers what each raw spelling normalized to, for the value types whose result depends
/// only on the spelling (countries, dates, booleans, enums …), not on unique values such as
/// names or IBANs. Bounded: it starts over when full.
final class NormalizationCache: @unchecked Sendable {
    /// What was normalized and how: the mapping leaf when known (its identity stands for its
    /// kind and formats, so they need not be hashed per value), else the kind and formats.
    struct Key: Hashable {
        let leaf: ObjectIdentifier?
        let kind: ValueKind
        let formats: [String]
        let raw: String

        static func == (lhs: Key, rhs: Key) -> Bool {
            lhs.leaf == rhs.leaf && lhs.raw == rhs.raw && lhs.kind == rhs.kind && (lhs.leaf != nil || lhs.formats == rhs.formats)
        }

        func hash(into hasher: inout Hasher) {
            hasher.combine(raw)
            if let leaf {
                hasher.combine(leaf)
            } else {
                hasher.combine(kind)
                hasher.combine(formats)
            }
        }
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
