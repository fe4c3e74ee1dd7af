/// One mapped value's memory, for one worker: what each spelling normalized to (exports repeat
/// the same spellings row after row) and how many values were rewritten.
///
/// Bounded: it starts over when full, and a value whose spellings rarely repeat (a timestamp
/// per row) stops being remembered after a trial, since storing it would cost more than reading
/// it again. Remembering never changes a result, only how fast it comes.
final class ValueMemo {
    struct Remembered {
        let value: Scalar?
        let findings: [Finding]
    }

    /// Spellings kept per value and worker: countries, flags and codes have far fewer; the bound
    /// keeps memory flat (a few MiB at most over every mapped value).
    static let capacity = 1024
    static let trial = 2048

    private var remembered: [String: Remembered] = [:]
    private var lookups = 0
    private var hits = 0
    private(set) var isRemembering: Bool
    /// Values rewritten into canonical form whose notes were counted, not kept.
    var rewritten = 0

    init(kind: ValueKind) {
        isRemembering = ValueMemo.isWorthRemembering(kind)
    }

    /// The value types whose result depends only on the spelling and whose spellings repeat
    /// (countries, dates, flags, codes), not names, e-mail addresses or IBANs.
    static func isWorthRemembering(_ kind: ValueKind) -> Bool {
        switch kind {
        case .date, .timestamp, .boolean, .booleanString, .country, .nationality, .salutation, .title, .currency,
             .docType, .verificationMethod, .vendor, .bic, .postalCode:
            true
        case .text, .key, .attachment, .documentNumber, .iban, .email, .phone, .zero:
            false
        }
    }

    func lookup(_ raw: String) -> Remembered? {
        guard isRemembering else { return nil }
        lookups += 1
        if let hit = remembered[raw] {
            hits += 1
            return hit
        }
        if lookups == ValueMemo.trial, hits * 4 < lookups {
            isRemembering = false
            remembered = [:]
        }
        return nil
    }

    func store(_ raw: String, value: Scalar?, findings: [Finding]) {
        guard isRemembering else { return }
        if remembered.count >= ValueMemo.capacity { remembered.removeAll(keepingCapacity: true) }
        remembered[raw] = Remembered(value: value, findings: findings)
    }
}
