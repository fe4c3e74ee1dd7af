import Testing
@testable import RelianceKit

@Suite("Reference tables")
struct ReferenceTableTests {
    @Test("every ISO country is read back from its codes and from each English and German name", arguments: ISOTables.countries.map(\.alpha2))
    func everyCountry(_ alpha2: String) throws {
        let country = try #require(ISOTables.countries.first { $0.alpha2 == alpha2 })
        for spelling in [country.alpha2, country.alpha2.lowercased(), country.alpha3, country.numeric] + country.english + country.german {
            #expect(Countries.code(for: spelling, nationality: false, aliases: [:]) == alpha2, "\(spelling)")
            #expect(Countries.code(for: spelling.uppercased(), nationality: true, aliases: [:]) == alpha2, "\(spelling) upper-cased")
        }
    }

    @Test("an ASCII name folds byte by byte to the key the scalar-by-scalar fold gives it")
    func asciiKeys() {
        var names = ISOTables.countries.flatMap { [$0.alpha3] + $0.english + $0.german }
        names += (ISOTables.alternativeNames + ISOTables.englishDemonyms + CountryVariants.names + CountryVariants.adjectives).map(\.0)
        // Every ASCII byte, in random texts: letters of both cases, digits, spacing, punctuation, controls.
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2_000 {
            names.append(String(decoding: (0..<Int.random(in: 0...24, using: &generator)).map { _ in UInt8.random(in: 0..<0x80, using: &generator) },
                                as: UTF8.self))
        }
        var folded = 0
        for name in names {
            guard let fast = MatchKey.foldASCII(name) else { continue }
            folded += 1
            #expect(fast == MatchKey.foldScalars(name, expandUmlauts: true), "\(name.debugDescription)")
            #expect(fast == MatchKey.foldScalars(name, expandUmlauts: false), "\(name.debugDescription)")
        }
        #expect(folded > 2_000)
        #expect(MatchKey.foldASCII("Österreich") == nil)
        #expect(MatchKey.umlautsExpanded("Österreich") == "oesterreich")
        #expect(MatchKey.umlautsExpanded("U.S.A.") == "usa")
    }

    @Test("alternative spellings and demonyms point to one country each")
    func generatedVariants() {
        for (name, code) in ISOTables.alternativeNames {
            #expect(Countries.code(for: name, nationality: false, aliases: [:]) != nil, "\(name)")
            #expect(Countries.alpha2Codes.contains(code))
        }
        for (word, code) in ISOTables.englishDemonyms {
            #expect(Countries.alpha2Codes.contains(code), "\(word)")
        }
        for (word, code) in CountryVariants.adjectives + CountryVariants.names {
            #expect(Countries.alpha2Codes.contains(code), "\(word) → \(code)")
        }
    }

    /// A valid IBAN for `country` of its registry length, built by computing the check digits.
    static func makeIBAN(_ country: String, length: Int) -> String {
        let bban = String((0..<(length - 4)).map { Character(String(($0 * 7 + 3) % 10)) })
        var remainder = 0
        for char in bban + country + "00" {
            if let digit = char.wholeNumberValue, char.isASCII {
                remainder = (remainder * 10 + digit) % 97
            } else if let scalar = char.unicodeScalars.first {
                remainder = (remainder * 100 + Int(scalar.value) - 55) % 97
            }
        }
        return country + pad(98 - remainder, 2) + bban
    }

    @Test("an IBAN of every registry country round-trips, and a changed digit fails", arguments: Identifiers.ibanLengths.keys.sorted())
    func ibanPerCountry(_ country: String) throws {
        let length = try #require(Identifiers.ibanLengths[country])
        let iban = Self.makeIBAN(country, length: length)
        #expect(Identifiers.checkIBAN(iban) == nil, "\(iban)")
        var spaced = ""
        for (index, char) in iban.enumerated() {
            if index > 0, index % 4 == 0 { spaced.append(" ") }
            spaced.append(char)
        }
        #expect(text(spaced.lowercased(), .iban) == iban)
        var broken = Array(iban)
        broken[length - 1] = broken[length - 1] == "1" ? "2" : "1"
        #expect(Identifiers.checkIBAN(String(broken)) == .checksum)
        #expect(Identifiers.checkIBAN(String(iban.dropLast())) != nil)
    }

    @Test("well-known IBANs from the registry's examples", arguments: [
        "DE89370400440532013000", "AT611904300234573201", "CH9300762011623852957", "FR1420041010050500013M02606",
        "GB29NWBK60161331926819", "NL91ABNA0417164300", "BE68539007547034", "ES9121000418450200051332",
        "IT60X0542811101000000123456", "PL61109010140000071219812874", "LU280019400644750000", "DK5000400440116243",
        "SE4550000000058398257466", "NO9386011117947", "FI2112345600000785", "IE29AIBK93115212345678",
        "PT50000201231234567890154", "CZ6508000000192000145399", "HU42117730161111101800000000", "LI21088100002324013AA",
    ])
    func registryExamples(_ iban: String) {
        #expect(Identifiers.checkIBAN(iban) == nil)
    }
}
