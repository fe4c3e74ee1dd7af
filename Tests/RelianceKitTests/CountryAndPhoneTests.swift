import Foundation
import Testing
@testable import RelianceKit

/// Customers abroad: phone numbers that take the code of the row's own country, and the country
/// codes sports and membership systems use.
@Suite("Countries and phone numbers")
struct CountryAndPhoneTests {
    static func phones(_ outcome: RowPipeline.Outcome) -> [String] {
        outcome.customer.record("person")?.array("phonePriv").compactMap { if case let .text(text) = $0 { text } else { nil } } ?? []
    }

    @Test("phone_country: address gives a national number its address country's code", arguments: [
        ("US", "(212) 555-0100", "+12125550100"), ("US", "1 212 555 0100", "+12125550100"), ("DE", "0351 123456", "+49351123456"),
        ("IT", "06 1234 5678", "+390612345678"), ("ES", "912 345 678", "+34912345678"), ("AT", "+49 351 123456", "+49351123456"),
        ("GB", "020 7946 0000", "+442079460000"),
    ])
    func fromAddress(_ country: String, _ phone: String, _ expected: String) throws {
        let harness = try RowHarness { $0.phoneCountryFromAddress = true }
        let outcome = harness.run(["Land": country, "PLZ": "10115", "Telefon": phone])
        #expect(outcome.problems.filter { $0.severity == .error }.isEmpty, "\(outcome.problems)")
        #expect(Self.phones(outcome) == [expected])
    }

    @Test("an error says which country's code was assumed, or that the row gave none")
    func assumedCountry() throws {
        let harness = try RowHarness { $0.phoneCountryFromAddress = true }
        let american = harness.run(["Land": "US", "PLZ": "10115", "Telefon": "0351 123456"])
        #expect(american.problems.contains { $0.code == .invalidPhone && $0.message.contains("assumed +1 from the address country US") }, "\(american.problems)")
        let nowhere = harness.run(["Land": "", "Telefon": "0351 123456"])
        #expect(nowhere.problems.contains { $0.message.contains("the row gives no address country to take it from") }, "\(nowhere.problems)")
        let fallback = try RowHarness {
            $0.phoneCountryFromAddress = true
            $0.phoneCountryIsDefault = true
            $0.phoneCountry = "+43"
        }
        #expect(Self.phones(fallback.run(["Land": "", "Telefon": "0664 1234567"])) == ["+436641234567"])
    }

    @Test("phone_country takes a code, address, or address with a default")
    func mappingForms() throws {
        let address = try bindMapping(try fullMapping().replacingOccurrences(of: "date_order: DMY", with: "date_order: DMY\n  phone_country: address"), header: fullHeader)
        #expect(address.settings.phoneCountryFromAddress && !address.settings.phoneCountryIsDefault)
        let withDefault = try bindMapping(try fullMapping().replacingOccurrences(of: "date_order: DMY", with: "date_order: DMY\n  phone_country: { from: address, default: \"+43\" }"), header: fullHeader)
        #expect(withDefault.settings.phoneCountryFromAddress && withDefault.settings.phoneCountryIsDefault && withDefault.settings.phoneCountry == "+43")
        let bad = mappingErrors(try fullMapping().replacingOccurrences(of: "date_order: DMY", with: "date_order: DMY\n  phone_country: Germany"), header: fullHeader)
        #expect(bad.contains { $0.contains("or address (the row's address country)") }, "\(bad)")
    }

    @Test("IOC codes that are no ISO code read as their country, noted; ISO codes keep their meaning", arguments: [
        ("GER", "DE"), ("SUI", "CH"), ("NED", "NL"), ("DEN", "DK"), ("POR", "PT"), ("CRO", "HR"), ("RSA", "ZA"), ("DEU", "DE"), ("NER", "NE"),
    ])
    func olympicCodes(_ code: String, _ expected: String) throws {
        #expect(Countries.code(for: code, nationality: false, aliases: [:]) == expected)
        let harness = try RowHarness()
        let outcome = harness.run(["Land": code, "PLZ": "10115"])
        #expect(outcome.customer.record("person")?.text("country") == expected)
        if code != "DEU", code != "NER" {
            #expect(outcome.findings.contains { $0.severity == .note && $0.field == "person.country" && $0.message.contains("read \"\(code)\" as \(expected)") })
        }
    }
}
