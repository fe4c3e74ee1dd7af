import Testing
@testable import RelianceKit

/// The codes of ICAO 9303 (the machine-readable zone of passports and ID cards) that are no ISO
/// 3166-1 alpha-3 code, as identification vendors export them for the issuing state and nationality.
@Suite("Travel-document codes")
struct TravelDocumentCodeTests {
    let harness: RowHarness

    init() throws {
        harness = try RowHarness()
    }

    @Test("an issuing state or nationality with an ISO country is read as it, noted", arguments: [
        ("D", "DE"), ("d", "DE"), ("D<<", "DE"), ("GBD", "GB"), ("GBN", "GB"), ("GBO", "GB"), ("GBP", "GB"), ("GBS", "GB"),
    ])
    func read(_ code: String, _ expected: String) {
        for (column, field) in [("Ausweisland", "person.idDocument.issueCountry"), ("Nationalitaet", "person.nationality")] {
            let outcome = harness.run([column: code])
            #expect(outcome.problems == [], "\(column): \(outcome.problems)")
            let path = field.split(separator: ".").map(String.init)
            let record = path.dropFirst().dropLast().reduce(outcome.customer.record("person")) { $0?.record($1) }
            #expect(record?.text(path[path.count - 1]) == expected, "\(column)")
            #expect(outcome.findings.contains { $0.severity == .note && $0.field == field && $0.message == "read \"\(code)\" as \(expected)" },
                    "\(outcome.findings)")
        }
    }

    @Test("a further nationality reads them too")
    func furtherNationalities() {
        let outcome = harness.run(["Weitere": "D, GBN"])
        #expect(outcome.customer.record("person")?.array("furtherNationalities") == [.text("DE"), .text("GB")], "\(outcome.problems)")
    }

    @Test("a code that names no ISO country is an error that says what it means", arguments: [
        ("XXA", "stateless"), ("XXB", "refugee"), ("XXC", "refugee"), ("XXX", "unspecified nationality"), ("UNO", "United Nations"),
        ("UNA", "United Nations"), ("UNK", "Kosovo"), ("RKS", "Kosovo"), ("EUE", "European Union"), ("XOM", "Sovereign Military Order of Malta"),
        ("XPO", "INTERPOL"), ("XCC", "Caribbean Community"), ("XES", "Eastern Caribbean States"), ("XIM", "African Export-Import Bank"),
        ("XBA", "African Development Bank"), ("XDC", "Southern African Development Community"), ("UTO", "specimen"),
    ])
    func noCountry(_ code: String, _ meaning: String) {
        for column in ["Ausweisland", "Nationalitaet"] {
            let problems = harness.run([column: code]).problems
            #expect(problems.map(\.code) == [.noISOCountry], "\(column): \(problems)")
            #expect(problems.first?.message.localizedCaseInsensitiveContains(meaning) == true, "\(problems.first?.message ?? "")")
            #expect(problems.first?.message.contains("\"\(code)\"") == true)
        }
    }

    @Test("a document's GBS is a British Subject, the IOC's Guinea-Bissau; a mapping alias wins over both")
    func meaningByField() {
        #expect(text("GBS", .issuingCountry) == "GB")
        #expect(text("GBS", .nationality) == "GB")
        #expect(text("GBS", .country) == "GW")
        var settings = Settings()
        settings.aliases = ["country": ["d": "AT"]]
        #expect(text("D", .issuingCountry, settings: settings) == "AT")
        #expect(text("DEU", .issuingCountry) == "DE")
        #expect(text("Deutschland", .issuingCountry) == "DE")
        #expect(text("deutsch", .issuingCountry) == nil)
    }

    @Test("elsewhere the travel-document codes are not read: D is no address country")
    func addressCountry() {
        #expect(harness.errorCodes(["Land": "D"]) == [.unknownCountry])
        #expect(harness.errorCodes(["Land": "XXA"]) == [.unknownCountry])
    }
}

@Suite("Travel-document code table")
struct TravelDocumentCodeTableTests {
    @Test("no code of the table is an ISO alpha-3 code, and each appears once")
    func distinct() {
        let codes = TravelDocumentCodes.countries.map(\.code) + TravelDocumentCodes.others.map(\.code)
        #expect(Set(codes).count == codes.count)
        let alpha3 = Set(ISOTables.countries.map(\.alpha3))
        #expect(codes.filter { alpha3.contains($0) } == [])
        #expect(TravelDocumentCodes.countries.allSatisfy { Countries.alpha2Codes.contains($0.country) })
    }

    @Test("docs/reference.md's travel-document table is the one the code holds")
    func documented() throws {
        #expect(try DocumentationTests.section("travel-document-codes") == TravelDocumentCodes.markdown(), "put this table between the markers:\n\(TravelDocumentCodes.markdown())")
    }
}
