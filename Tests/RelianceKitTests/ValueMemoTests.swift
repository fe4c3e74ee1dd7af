import Testing
@testable import RelianceKit

@Suite("Remembered normalizations")
struct ValueMemoTests {
    /// A normalizer of its own per test: like the converter's workers, it is used by one thread at a time.
    static func makeNormalizer() -> Normalizer {
        Normalizer(settings: Settings(), asOf: CivilDate(year: 2026, month: 1, day: 15)!)
    }

    static func leaf(formats: [String] = []) -> Leaf {
        Leaf(source: .column(name: "x", index: 0), position: SourcePosition(line: 1, column: 1), formats: formats)
    }

    /// Normalizes `raws` through one memo (notes counted) and without one (notes kept).
    static func both(_ raws: [String], kind: ValueKind, formats: [String] = []) -> (memo: ValueMemo, remembered: [Scalar?], fresh: [Scalar?], notes: Int) {
        let leaf = leaf(formats: formats)
        let memo = ValueMemo(kind: kind)
        let normalizer = makeNormalizer()
        var remembered: [Scalar?] = []
        var fresh: [Scalar?] = []
        var notes = 0
        for raw in raws {
            var kept: [Finding] = []
            remembered.append(normalizer.normalize(raw, kind: kind, leaf: leaf, memo: memo, path: "f", notes: .count, findings: &kept))
            #expect(!kept.contains { $0.severity == .note })
            var findings: [Finding] = []
            fresh.append(normalizer.normalize(raw, kind: kind, patterns: leaf.patterns, path: "f", findings: &findings))
            notes += findings.filter { $0.severity == .note }.count
        }
        return (memo, remembered, fresh, notes)
    }

    @Test("repeated spellings are remembered, give the same values and count every rewritten value")
    func repeating() {
        let raws = (0..<5000).map { ["Deutschland", "DE", "Germany", "Österreich", "france"][$0 % 5] }
        let result = Self.both(raws, kind: .country)
        #expect(result.remembered == result.fresh)
        #expect(result.memo.isRemembering)
        #expect(result.memo.rewritten == result.notes && result.notes == 4000)
    }

    @Test("values that rarely repeat stop being remembered after the trial, with the same results")
    func unique() {
        let raws = (0..<5000).map { "\(1 + $0 % 28).\(1 + $0 / 28 % 12).\(1950 + $0 / 336)" }
        let result = Self.both(raws, kind: .date(.birth), formats: ["d.M.yyyy"])
        #expect(result.remembered == result.fresh)
        #expect(!result.memo.isRemembering)
        #expect(result.memo.rewritten == result.notes && result.notes == 5000)
    }

    @Test("a memo that answers a third of its lookups stops remembering after the trial; one that answers most keeps on")
    func hitShare() {
        func date(_ number: Int) -> String { "\(1 + number % 28).\(1 + number / 28 % 12).\(1950 + number / 336)" }
        // Every third spelling repeats the one before it: a third of the lookups are hits.
        let third = (0..<3000).map { $0 % 3 == 2 ? date($0 - 1) : date($0) }
        let sparse = Self.both(third, kind: .date(.birth), formats: ["d.M.yyyy"])
        #expect(sparse.remembered == sparse.fresh)
        #expect(!sparse.memo.isRemembering)
        // Ten spellings over and over: nearly every lookup is a hit.
        let repeated = (0..<3000).map { "\(1 + $0 % 10).1.1990" }
        let dense = Self.both(repeated, kind: .date(.birth), formats: ["d.M.yyyy"])
        #expect(dense.remembered == dense.fresh)
        #expect(dense.memo.isRemembering)
    }

    @Test("the table grows from a few slots as spellings come, and what it held before is still found")
    func growing() {
        let memo = ValueMemo(kind: .country)
        for index in 0..<1000 {
            memo.store("spelling \(index)", value: .text("value \(index)"), findings: [])
        }
        // A spelling whose nearby slots are all taken is not kept (`probeLimit`): at most half full,
        // that is rare, never most.
        let found = (0..<1000).filter { index in memo.withHit("spelling \(index)") { $0.value } == .text("value \(index)") }
        #expect(found.count >= 990, "\(found.count) of 1,000 found")
        #expect(found.contains(0) && found.contains(999))
        #expect(memo.withHit("spelling 1000") { $0.value } == nil)
    }

    @Test("the trial ends at its last lookup even when that one is a hit")
    func trialEndsOnAHit() {
        let memo = ValueMemo(kind: .country)
        // Spellings that never repeat, stored as the converter stores a miss…
        for index in 0..<(ValueMemo.trial - 1) {
            let raw = "spelling \(index)"
            #expect(memo.withHit(raw) { $0.value } == nil)
            memo.store(raw, value: .text(raw), findings: [])
        }
        // …then the trial's last lookup repeats the one before: a hit, one in 2,048.
        let last = memo.withHit("spelling \(ValueMemo.trial - 2)") { $0.value }
        #expect(last == .text("spelling \(ValueMemo.trial - 2)"))
        #expect(!memo.isRemembering)
        #expect(memo.withHit("spelling 0") { $0.value } == nil)
        #expect(memo.lookups == ValueMemo.trial)
    }

    @Test("storing while a hit is lent stops the program instead of freeing the hit")
    func storeInsideHit() async {
        await #expect(processExitsWith: .failure) {
            let memo = ValueMemo(kind: .country)
            memo.store("DE", value: .text("DE"), findings: [])
            _ = memo.withHit("DE") { _ in
                for index in 0...ValueMemo.capacity { memo.store("spelling \(index)", value: nil, findings: []) }
            }
        }
    }

    @Test("errors are reported on every row, remembered or not")
    func errors() {
        let leaf = Self.leaf()
        let memo = ValueMemo(kind: .country)
        let normalizer = Self.makeNormalizer()
        for _ in 0..<3 {
            var findings: [Finding] = []
            _ = normalizer.normalize("Atlantis", kind: .country, leaf: leaf, memo: memo, path: "person.country", notes: .count, findings: &findings)
            #expect(findings.map(\.code) == [.unknownCountry] && findings.first?.field == "person.country")
        }
    }

    @Test("a remembered spelling gives its note when notes are kept and counts it when not, with its errors either way")
    func notesAndErrors() {
        let leaf = Self.leaf(formats: ["dd.MM.yyyy"])
        let memo = ValueMemo(kind: .date(.past))
        let normalizer = Self.makeNormalizer()
        var first: [Finding] = []
        _ = normalizer.normalize("02.05.2019", kind: .date(.past), leaf: leaf, memo: memo, path: "a", notes: .count, findings: &first)
        #expect(first.isEmpty && memo.rewritten == 1)
        var kept: [Finding] = []
        let value = normalizer.normalize("02.05.2019", kind: .date(.past), leaf: leaf, memo: memo, path: "b", notes: .findings, findings: &kept)
        #expect(value == .date(CivilDate(year: 2019, month: 5, day: 2)!))
        #expect(kept.map(\.code) == [.normalized] && kept.first?.field == "b" && memo.rewritten == 1)
        var counted: [Finding] = []
        _ = normalizer.normalize("02.05.2019", kind: .date(.past), leaf: leaf, memo: memo, path: "c", notes: .count, findings: &counted)
        #expect(counted.isEmpty && memo.rewritten == 2)
        for notes in [NoteKeeping.count, .findings, .count] {
            var findings: [Finding] = []
            _ = normalizer.normalize("31.02.2019", kind: .date(.past), leaf: leaf, memo: memo, path: "d", notes: notes, findings: &findings)
            #expect(findings.map(\.code) == [.invalidDate] && findings.first?.field == "d")
        }
    }

    @Test("past its capacity the memo starts over and still gives every value as read afresh")
    func full() {
        // Three times the capacity in distinct dates, each read three times running, so the memo
        // keeps remembering and starts over twice.
        let spellings = (0..<(ValueMemo.capacity * 3)).map { "\(1 + $0 % 28).\(1 + $0 / 28 % 12).\(1900 + $0 / 336)" }
        let raws = spellings.flatMap { [$0, $0, $0] }
        let result = Self.both(raws, kind: .date(.past), formats: ["d.M.yyyy"])
        #expect(result.memo.isRemembering)
        #expect(result.remembered == result.fresh)
        #expect(result.memo.rewritten == result.notes && result.notes == raws.count)
    }

    @Test("plain text read for a row (past the memo) is cleaned exactly as on its own: trimmed, spaces collapsed, NFC, control characters rejected",
          arguments: [ValueKind.text, .key(prefix: "CUST"), .attachment])
    func plainText(_ kind: ValueKind) {
        let normalizer = Self.makeNormalizer()
        let leaf = Self.leaf()
        let memo = ValueMemo(kind: kind)
        func forRow(_ raw: String) -> (Scalar?, [Finding]) {
            var findings: [Finding] = []
            return (normalizer.normalize(raw, kind: kind, leaf: leaf, memo: memo, path: "f", notes: .findings, findings: &findings), findings)
        }
        for raw in ["  Anna   Maria ", "Mu\u{0308}ller", "Haupt-\nstraße", "Anna\u{0007}", "plain", "\u{00A0}x y"] {
            var alone: [Finding] = []
            let value = normalizer.normalize(raw, kind: kind, patterns: [], path: "f", findings: &alone)
            let row = forRow(raw)
            #expect(row.0 == value && row.1 == alone, "\(raw.debugDescription)")
        }
        #expect(forRow("  Anna   Maria ").0 == .text("Anna Maria") && forRow("Mu\u{0308}ller").0 == .text("Müller"))
        #expect(forRow("Anna\u{0007}").0 == nil && forRow("Anna\u{0007}").1.map(\.code) == [.controlCharacter])
    }
}
