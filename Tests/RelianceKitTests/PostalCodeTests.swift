import Testing
@testable import RelianceKit

/// Postal codes that a spreadsheet read as numbers and so lost their leading zeros, for every
/// country whose codes are a fixed number of digits and may begin with 0.
@Suite("Postal codes")
struct PostalCodeTests {
    let harness: RowHarness

    init() throws {
        harness = try RowHarness()
    }

    func zip(_ outcome: RowPipeline.Outcome) -> String? {
        outcome.customer.record("person")?.text("zip")
    }

    @Test("a code that lost its leading zeros is restored with a warning naming the country", arguments: [
        ("DE", "1067", "01067"), ("IT", "186", "00186"), ("IT", "10", "00010"), ("US", "2134", "02134"), ("US", "501", "00501"),
        ("FR", "1000", "01000"), ("ES", "8001", "08001"), ("FI", "100", "00100"), ("FI", "11", "00011"), ("NO", "150", "0150"),
        ("TR", "1960", "01960"), ("RO", "60274", "060274"), ("VA", "120", "00120"), ("PR", "901", "00901"), ("UA", "1001", "01001"),
    ])
    func restored(_ country: String, _ raw: String, _ expected: String) {
        let outcome = harness.run(["Land": country, "PLZ": raw])
        #expect(zip(outcome) == expected)
        #expect(outcome.problems.map(\.code) == [.postalCodeRestored], "\(outcome.problems)")
        let warning = outcome.problems.first
        #expect(warning?.severity == .warning)
        #expect(warning?.raw == raw)
        #expect(warning?.message.contains("(\(country))") == true, "\(warning?.message ?? "")")
        #expect(warning?.message.contains(expected) == true)
    }

    @Test("codes of countries whose lengths vary, hold letters or never begin with 0 are sent as they are", arguments: [
        ("GB", "1067"), ("NL", "123"), ("CA", "123"), ("AT", "123"), ("CH", "800"), ("BE", "100"), ("PL", "950"), ("", "1067"),
    ])
    func untouched(_ country: String, _ raw: String) {
        let outcome = harness.run(["Land": country, "PLZ": raw])
        #expect(zip(outcome) == raw)
        #expect(!outcome.problems.contains { $0.field == "person.zip" }, "\(outcome.problems)")
    }

    @Test("a code too short for any zeros a spreadsheet drops, too long or not digits keeps today's rule", arguments: [
        ("DE", "106", true), ("DE", "010677", true), ("DE", "O1067", true), ("IT", "001866", false), ("US", "02134-1234", false),
        ("FR", "100", false), ("ES", "E-08001", false), ("IT", "00186", false),
    ])
    func otherCodes(_ country: String, _ raw: String, _ isError: Bool) {
        let outcome = harness.run(["Land": country, "PLZ": raw])
        #expect(zip(outcome) == raw)
        #expect(outcome.problems.filter { $0.field == "person.zip" }.map(\.code) == (isError ? [.invalidPostalCode] : []),
                "\(outcome.problems)")
    }
}

@Suite("Postal-code table")
struct PostalCodeTableTests {
    @Test("each entry's example begins with as many zeros as the entry restores")
    func examples() {
        for format in PostalCodes.formats {
            #expect(format.example.utf8.count == format.digits, "\(format.country)")
            #expect(format.example.prefix { $0 == "0" }.count == format.digits - format.fewest, "\(format.country)")
            #expect(PostalCodes.format(of: format.country)?.country == format.country)
        }
        #expect(PostalCodes.format(of: "GB") == nil)
        #expect(PostalCodes.format(of: "de") == nil)
    }

    @Test("docs/reference.md's postal-code table is the one the code holds")
    func documented() throws {
        #expect(try DocumentationTests.section("postal-codes") == PostalCodes.markdown(), "put this table between the markers:\n\(PostalCodes.markdown())")
    }
}
