/// One mapped value's memory, for one worker: what each spelling normalized to (exports repeat
/// the same spellings row after row) and how many values were rewritten.
///
/// Bounded: it starts over when full, and a value whose spellings rarely repeat (a timestamp
/// per row) stops being remembered after a trial, since storing it would cost more than reading
/// it again. Remembering never changes a result, only how fast it comes.
///
/// The table is open-addressed over a byte hash of the spelling (FNV-1a): a memo is asked for
/// most values of every row, and `Dictionary`'s seeded string hash was a visible share of each
/// row's cost. Probing stops after a few slots, so spellings made to collide cost one
/// normalization each, never a long search.
final class ValueMemo {
    /// One spelling and what it normalized to; a class, so a hit hands out one reference.
    final class Remembered {
        let spelling: String
        let hash: UInt64
        let value: Scalar?
        let findings: [Finding]
        /// How many of `findings` are notes, and the others: a row that counts its notes reads
        /// only these, without copying a note it will not keep.
        let noteCount: Int
        let others: [Finding]

        init(spelling: String, hash: UInt64, value: Scalar?, findings: [Finding]) {
            self.spelling = spelling
            self.hash = hash
            self.value = value
            self.findings = findings
            others = findings.filter { $0.severity != .note }
            noteCount = findings.count - others.count
        }
    }

    /// Spellings kept per value and worker: countries, flags and codes have far fewer; the bound
    /// keeps memory flat (a few MiB at most over every mapped value).
    static let capacity = 1024
    static let trial = 2048
    /// Slots in the table (a power of two, twice the capacity) and the most probed per spelling.
    static let slotCount = 2048
    static let probeLimit = 8

    /// The table, unretained, for lookups to probe without reference counting; `owned` holds
    /// what it points to until the memo starts over.
    private var slots: [Unmanaged<Remembered>?] = []
    private var owned: [Remembered] = []
    private var count: Int { owned.count }
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

    /// The remembered result for `raw`, unretained: it stays valid until the next `store`, which
    /// is all a caller needs (a retain and a release per hit were a visible part of each row).
    func lookup(_ raw: String) -> Unmanaged<Remembered>? {
        guard isRemembering else { return nil }
        lookups += 1
        if count > 0 {
            let hash = raw.fnv1a
            var slot = Int(truncatingIfNeeded: hash) & (ValueMemo.slotCount - 1)
            for _ in 0..<ValueMemo.probeLimit {
                guard let reference = slots[slot] else { break }
                if reference._withUnsafeGuaranteedRef({ $0.hash == hash && $0.spelling == raw }) {
                    hits += 1
                    return reference
                }
                slot = (slot + 1) & (ValueMemo.slotCount - 1)
            }
        }
        if lookups == ValueMemo.trial, hits * 4 < lookups {
            isRemembering = false
            slots = []
            owned = []
        }
        return nil
    }

    func store(_ raw: String, value: Scalar?, findings: [Finding]) {
        guard isRemembering else { return }
        if slots.isEmpty { slots = Array(repeating: nil, count: ValueMemo.slotCount) }
        if count >= ValueMemo.capacity {
            for index in slots.indices { slots[index] = nil }
            owned.removeAll(keepingCapacity: true)
        }
        let hash = raw.fnv1a
        var slot = Int(truncatingIfNeeded: hash) & (ValueMemo.slotCount - 1)
        for _ in 0..<ValueMemo.probeLimit {
            guard slots[slot] != nil else {
                let remembered = Remembered(spelling: raw, hash: hash, value: value, findings: findings)
                owned.append(remembered)
                slots[slot] = Unmanaged.passUnretained(remembered)
                return
            }
            slot = (slot + 1) & (ValueMemo.slotCount - 1)
        }
        // Every nearby slot is taken: this spelling is normalized afresh each time it comes.
    }
}
