import Foundation
import Testing
@testable import RelianceKit

/// A fed-back `rejects.csv` that a person saved again in an office program: its dates come in the
/// locale's short forms, and each date leaf also reads the office variants of its own patterns.
@Suite("Dates of a fed-back file re-saved by an office program")
struct FedBackDateTests {
    static let asOf = CivilDate(year: 2026, month: 1, day: 15) ?? CivilDate(daysSinceEpoch: 0)

    /// `raw` read through a leaf with `formats`, as a date of `role` (a timestamp when nil), from a
    /// fed-back file or an export: the value, and the codes of the errors.
    static func read(_ raw: String, _ formats: [String], _ role: DateRole?, fedBack: Bool) -> (value: String?, errors: [FindingCode]) {
        let leaf = Leaf(source: .column(name: "Datum", index: 0), position: SourcePosition(line: 1, column: 1), formats: formats)
        let kind = role.map(ValueKind.date) ?? .timestamp
        let normalizer = Normalizer(settings: Settings(), asOf: asOf, readsOfficeSpellings: fedBack)
        var findings: [Finding] = []
        let value = normalizer.normalize(raw, kind: kind, leaf: leaf, memo: ValueMemo(kind: kind), path: "field", findings: &findings)
        return (value?.shown, findings.filter { $0.severity == .error }.map(\.code))
    }

    @Test("a fed-back file reads the office spellings of the mapping's own patterns; an export does not", arguments: [
        // LibreOffice, German: a two-digit year, read with the field's pivot.
        ("06.06.57", ["dd.MM.yyyy"], DateRole.birth as DateRole?, "1957-06-06"),
        ("06.06.31", ["dd.MM.yyyy"], .expiry, "2031-06-06"),
        ("06.03.25 10:05", ["dd.MM.yyyy HH:mm"], nil, "2025-03-06T10:05:00"),
        // LibreOffice, US: a two-digit year and a 12-hour clock.
        ("01/20/25 03:26 PM", ["MM/dd/yyyy HH:mm"], nil, "2025-01-20T15:26:00"),
        ("01/20/25 12:05 AM", ["MM/dd/yyyy HH:mm"], nil, "2025-01-20T00:05:00"),
        ("08/14/97", ["MM/dd/yyyy"], .birth, "1997-08-14"),
        // Excel, US: no leading zeros.
        ("1/20/2025 3:26 PM", ["MM/dd/yyyy HH:mm"], nil, "2025-01-20T15:26:00"),
        ("1/2/2019", ["MM/dd/yyyy"], .past, "2019-01-02"),
        // A 12-hour pattern gains the two-digit year.
        ("01/20/25 03:26 PM", ["MM/dd/yyyy hh:mm a"], nil, "2025-01-20T15:26:00"),
    ])
    func officeSpellings(_ raw: String, _ formats: [String], _ role: DateRole?, _ expected: String) {
        #expect(Self.read(raw, formats, role, fedBack: true).value == expected)
        #expect(Self.read(raw, formats, role, fedBack: false).value == nil, "an export is read by its mapping's patterns only")
    }

    @Test("the variants keep the pattern's order of day, month and year: no day and month are swapped", arguments: [
        ("06/03/25", ["MM/dd/yyyy"], "2025-06-03"),
        ("06.03.25", ["dd.MM.yyyy"], "2025-03-06"),
    ])
    func orderKept(_ raw: String, _ formats: [String], _ expected: String) {
        #expect(Self.read(raw, formats, .past, fedBack: true).value == expected)
    }

    @Test("a spelling of another order or separator is still an error", arguments: [
        ("01/20/25", ["dd.MM.yyyy"]), ("20.01.25", ["MM/dd/yyyy"]), ("13/01/25", ["MM/dd/yyyy"]),
    ])
    func otherOrders(_ raw: String, _ formats: [String]) {
        #expect(Self.read(raw, formats, .past, fedBack: true).value == nil)
    }

    @Test("a two-digit birth year that a century cannot place is still rejected")
    func doubtfulBirthYear() {
        #expect(Self.read("14.07.10", ["dd.MM.yyyy"], .birth, fedBack: true).errors == [.ambiguousBirthYear])
    }

    @Test("a pattern's office variants: two-digit year, 12-hour clock, leading zeros optional; compact digits stay as written")
    func variants() throws {
        let timestamp = try #require(DatePattern("dd.MM.yyyy HH:mm"))
        #expect(DatePattern.withOfficeVariants([timestamp]).map(\.source)
            == ["dd.MM.yyyy HH:mm", "d.M.yyyy H:mm", "d.M.yy H:mm", "d.M.yyyy h:mm a", "d.M.yy h:mm a"])
        let date = try #require(DatePattern("MM/dd/yyyy"))
        #expect(DatePattern.withOfficeVariants([date]).map(\.source) == ["MM/dd/yyyy", "M/d/yyyy", "M/d/yy"])
        let compact = try #require(DatePattern("yyyyMMdd"))
        #expect(DatePattern.withOfficeVariants([compact]).map(\.source) == ["yyyyMMdd", "yyMMdd"])
        let auto = try #require(DatePattern("auto"))
        #expect(DatePattern.withOfficeVariants([auto]).map(\.source) == ["auto"])
    }
}
