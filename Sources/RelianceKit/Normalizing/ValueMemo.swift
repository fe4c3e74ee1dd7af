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
///
/// The trial: after `trial` lookups, hit or miss, a memo that answered fewer than half of them
/// stops remembering for good and lets its table go. A miss costs a stored spelling, and a table
/// that fills up is freed and filled again: on the realistic benchmark, one date field answering
/// 26 % of its lookups made `validate` 5.5 % slower than reading every one of its values afresh.
/// Not `Sendable`: one worker's.
final class ValueMemo {
    /// One spelling and what it normalized to; a class, so a hit lends one reference.
    final class Remembered {
        let spelling: String
        let hash: UInt64
        let value: Scalar?
        /// Its errors and warnings.
        let findings: [Finding]
        /// Whether the value was rewritten: a note explains it where notes are kept, built then.
        let rewritten: Bool

        init(spelling: String, hash: UInt64, value: Scalar?, findings: [Finding], rewritten: Bool) {
            self.spelling = spelling
            self.hash = hash
            self.value = value
            self.findings = findings
            self.rewritten = rewritten
        }
    }

    /// Spellings kept per value and worker: countries, flags and codes have far fewer; the bound
    /// keeps memory flat (a few MiB at most over every mapped value).
    static let capacity = 1024
    static let trial = 2048
    /// Slots in the table when full (a power of two, twice the capacity) and the most probed per
    /// spelling. The table starts at `firstSlotCount` slots and doubles whenever it is half full:
    /// most memos hold a few dozen spellings (countries, flags, codes), and a small table stays in
    /// the CPU's nearest cache where a full one, 16 KiB for each memo of each worker, did not.
    static let slotCount = 2048
    static let firstSlotCount = 64
    static let probeLimit = 8

    /// Everything a lookup or a store changes, in one struct: each call is then one access to
    /// the memo's state, checked once for exclusive use, instead of one check per counter and
    /// table it reads or writes (0.3 % of `validate`'s instructions fewer).
    private var table: Table
    var lookups: Int { table.lookups }
    var isRemembering: Bool { table.isRemembering }
    /// Values rewritten into canonical form whose notes were counted, not kept.
    var rewritten = 0

    init(kind: ValueKind) {
        table = Table(isRemembering: ValueMemo.isWorthRemembering(kind))
    }

    /// The value types whose result depends only on the spelling and whose spellings repeat
    /// (countries, dates, flags, codes), not names, e-mail addresses or IBANs.
    static func isWorthRemembering(_ kind: ValueKind) -> Bool {
        switch kind {
        case .date, .timestamp, .boolean, .booleanString, .country, .nationality, .issuingCountry, .salutation, .title, .currency,
             .docType, .verificationMethod, .vendor, .bic, .postalCode:
            true
        case .text, .name, .key, .attachment, .documentNumber, .iban, .email, .phone, .zero:
            false
        }
    }

    /// Calls `body` with what `raw` normalized to when it is remembered, and returns its result;
    /// nil when it is not.
    ///
    /// The hit is lent without a retain (a retain and a release per hit were a visible part of
    /// each row) and is valid inside `body` only: `owned` keeps it alive, and nothing frees from
    /// `owned` while it is lent. The memo's state is accessed for the whole call, so a `store`
    /// from inside `body` stops the program (Swift's exclusive access), and the trial ends after
    /// `body` returns. `_withUnsafeGuaranteedRef` is the standard library's one way to borrow a
    /// reference without the pair; see `RowPlan.forEachField` for the measurement.
    func withHit<Result>(_ raw: String, _ body: (Remembered) -> Result) -> Result? {
        table.withHit(raw, body)
    }

    func store(_ raw: String, value: Scalar?, findings: [Finding], rewritten: Bool = false) {
        table.store(raw, value: value, findings: findings, rewritten: rewritten)
    }

    /// The table, unretained, for `withHit` to probe and lend without reference counting; `owned`
    /// holds what it points to until the memo starts over or stops remembering. Empty until the
    /// first `store`. Unmanaged references stay inside this file.
    private struct Table {
        var slots: [Unmanaged<Remembered>?] = []
        var owned: [Remembered] = []
        var count: Int { owned.count }
        var lookups = 0
        var hits = 0
        var isRemembering: Bool

        init(isRemembering: Bool) {
            self.isRemembering = isRemembering
        }

        mutating func withHit<Result>(_ raw: String, _ body: (Remembered) -> Result) -> Result? {
            guard isRemembering else { return nil }
            lookups += 1
            defer { if lookups == ValueMemo.trial { endTrial() } }
            guard count > 0 else { return nil }
            let hash = raw.fnv1a
            let mask = slots.count - 1
            var slot = Int(truncatingIfNeeded: hash) & mask
            for _ in 0..<ValueMemo.probeLimit {
                guard let reference = slots[slot] else { return nil }
                if reference._withUnsafeGuaranteedRef({ $0.hash == hash && $0.spelling == raw }) {
                    hits += 1
                    return reference._withUnsafeGuaranteedRef(body)
                }
                slot = (slot + 1) & mask
            }
            return nil
        }

        /// The trial's end, after its last lookup, hit or miss: a memo that answered fewer than half
        /// of them stops remembering for good.
        private mutating func endTrial() {
            guard hits * 2 < lookups else { return }
            isRemembering = false
            slots = []
            owned = []
        }

        mutating func store(_ raw: String, value: Scalar?, findings: [Finding], rewritten: Bool) {
            guard isRemembering else { return }
            if slots.isEmpty { slots = Array(repeating: nil, count: ValueMemo.firstSlotCount) }
            if count >= ValueMemo.capacity {
                for index in slots.indices { slots[index] = nil }
                owned.removeAll(keepingCapacity: true)
            } else if (count + 1) * 2 > slots.count, slots.count < ValueMemo.slotCount {
                grow()
            }
            let remembered = Remembered(spelling: raw, hash: raw.fnv1a, value: value, findings: findings, rewritten: rewritten)
            // Every nearby slot taken: this spelling is normalized afresh each time it comes.
            if place(remembered) { owned.append(remembered) }
        }

        /// Puts `remembered` in the first free slot near its hash; false when the nearby slots are all taken.
        private mutating func place(_ remembered: Remembered) -> Bool {
            let mask = slots.count - 1
            var slot = Int(truncatingIfNeeded: remembered.hash) & mask
            for _ in 0..<ValueMemo.probeLimit {
                guard slots[slot] != nil else {
                    slots[slot] = Unmanaged.passUnretained(remembered)
                    return true
                }
                slot = (slot + 1) & mask
            }
            return false
        }

        /// Doubles the table and places every spelling again; one that finds no slot is let go.
        private mutating func grow() {
            slots = Array(repeating: nil, count: slots.count * 2)
            let kept = owned
            owned.removeAll(keepingCapacity: true)
            for remembered in kept where place(remembered) { owned.append(remembered) }
        }
    }
}
