import Testing
@testable import RelianceKit

/// Normalizes one value with default settings at a fixed as-of date.
func normalize(_ raw: String, _ kind: ValueKind, formats: [String] = [], settings: Settings = Settings()) -> (Scalar?, [Finding]) {
    let normalizer = Normalizer(settings: settings, asOf: CivilDate(year: 2026, month: 1, day: 15)!)
    var findings: [Finding] = []
    let value = normalizer.normalize(raw, kind: kind, patterns: formats.compactMap(DatePattern.init), path: "field", findings: &findings)
    return (value, findings.filter { $0.severity != .note })
}

func text(_ raw: String, _ kind: ValueKind, settings: Settings = Settings()) -> String? {
    if case let .text(value)? = normalize(raw, kind, settings: settings).0 { return value }
    return nil
}

func date(_ raw: String, formats: [String] = [], role: DateRole = .birth, settings: Settings = Settings()) -> String? {
    if case let .date(value)? = normalize(raw, .date(role), formats: formats, settings: settings).0 { return value.description }
    return nil
}

func timestamp(_ raw: String, formats: [String] = []) -> String? {
    if case let .timestamp(value)? = normalize(raw, .timestamp, formats: formats).0 { return value.description }
    return nil
}

@Suite("Normalizers")
struct NormalizerTests {
    @Test("dates by explicit pattern, tried in order", arguments: [
        ("12.03.1985", ["dd.MM.yyyy"], "1985-03-12"), ("2.3.1985", ["d.M.yyyy"], "1985-03-02"),
        ("03/12/1985", ["MM/dd/yyyy"], "1985-03-12"), ("19850312", ["yyyyMMdd"], "1985-03-12"),
        ("12.03.85", ["dd.MM.yyyy", "dd.MM.yy"], "1985-03-12"), ("1985-03-12", ["dd.MM.yyyy"], "1985-03-12"),
        ("12. März 1985", ["d. MMM yyyy"], "1985-03-12"), ("12 Mar 1985", ["dd MMM yyyy"], "1985-03-12"),
        ("12·03·1985", ["dd·MM·yyyy"], "1985-03-12"), ("5. Dez. 1980", ["d. MMM yyyy"], "1980-12-05"),
        ("12-März-1985", ["dd-MMM-yyyy"], "1985-03-12"),
    ])
    func datesByPattern(_ raw: String, _ formats: [String], _ expected: String) {
        #expect(date(raw, formats: formats) == expected)
    }

    @Test("text a pattern does not read is not a date: other digits, leftovers, a mark on a digit", arguments: [
        ("１２.03.1985", ["dd.MM.yyyy"]), ("12.03.1985x", ["dd.MM.yyyy"]), ("12.03.19851", ["dd.MM.yyyy"]),
        ("12.0\u{301}3.1985", ["dd.MM.yyyy"]), ("12·03·1985", ["dd.MM.yyyy"]), ("12 Mär· 1985", ["dd MMM yyyy"]),
        ("1985-03-12T10:00+25:00", ["dd.MM.yyyy"]), ("1985-03-12 10", []),
    ])
    func notDatesByPattern(_ raw: String, _ formats: [String]) {
        #expect(date(raw, formats: formats) == nil)
    }

    @Test("dates without a pattern", arguments: [
        ("1985-03-12", "1985-03-12"), ("12.03.1985", "1985-03-12"), ("12/03/1985", "1985-03-12"), ("12-03-1985", "1985-03-12"),
        ("2.3.1985", "1985-03-02"), ("19850312", "1985-03-12"), ("5. März 1980", "1980-03-05"), ("5. Maerz 1980", "1980-03-05"),
        ("March 5, 1980", "1980-03-05"), ("Mar 5, 1980", "1980-03-05"), ("5 March 1980", "1980-03-05"),
        ("1985-03-12T00:00:00", "1985-03-12"), ("31048", "1985-01-01"), ("12.03.85", "1985-03-12"), ("01.01.05", "2005-01-01"),
        ("5.März 1980", "1980-03-05"), ("05-Mar-1985", "1985-03-05"), ("Sept. 5, 1980", "1980-09-05"), ("1980 March 5", "1980-03-05"),
        ("1985-3-12", "1985-03-12"), ("1985/03/12", "1985-03-12"), ("12. Dezember 1999", "1999-12-12"), ("3 Okt 2001", "2001-10-03"),
        ("31048.5", "1985-01-01"), ("12.3.1985", "1985-03-12"), ("1.2.03", "2003-02-01"),
    ])
    func datesWithoutPattern(_ raw: String, _ expected: String) {
        #expect(date(raw) == expected)
    }

    @Test("day and month order comes from the mapping, never guessed")
    func dateOrder() {
        var settings = Settings()
        settings.dateOrder = .mdy
        #expect(date("03/12/1985", settings: settings) == "1985-03-12")
        #expect(date("13/12/1985", settings: settings) == nil)
        settings.dateOrder = .ymd
        #expect(date("1985/03/12", settings: settings) == "1985-03-12")
    }

    @Test("impossible and unreadable dates are errors quoting the value", arguments: ["31.02.1990", "29.02.2023", "00.01.2000", "Montag", "12.13.1985", "60"])
    func badDates(_ raw: String) {
        let (value, findings) = normalize(raw, .date(.birth))
        #expect(value == nil)
        #expect(findings.map(\.code) == [.invalidDate])
        #expect(findings.first?.message.contains("\"\(raw)\"") == true)
        #expect(findings.first?.raw == raw)
    }

    @Test("Excel's phantom 29 February 1900 is an impossible date")
    func excelLeapBug() {
        #expect(DateReader.excelDate(serial: 60) == nil)
        #expect(DateReader.excelDate(serial: 59)?.description == "1900-02-28")
        #expect(DateReader.excelDate(serial: 61)?.description == "1900-03-01")
        #expect(DateReader.excelDate(serial: 45000)?.description == "2023-03-15")
    }

    @Test("timestamps are converted into the configured zone", arguments: [
        ("2024-11-02T14:06:00", "2024-11-02T14:06:00"), ("2024-11-02T13:06:00Z", "2024-11-02T14:06:00"),
        ("2024-07-02T12:06:00Z", "2024-07-02T14:06:00"), ("2024-11-02T14:06:00+01:00", "2024-11-02T14:06:00"),
        ("2024-11-02T08:06:00-05:00", "2024-11-02T14:06:00"), ("2024-11-02 14:06", "2024-11-02T14:06:00"),
        ("02.11.2024 14:06", "2024-11-02T14:06:00"), ("02.11.2024", "2024-11-02T00:00:00"),
        ("2024-12-31T23:30:00Z", "2025-01-01T00:30:00"),
    ])
    func timestamps(_ raw: String, _ expected: String) {
        #expect(timestamp(raw) == expected)
    }

    @Test("timestamps by pattern")
    func timestampPattern() {
        #expect(timestamp("02.11.2024 14:06", formats: ["dd.MM.yyyy HH:mm"]) == "2024-11-02T14:06:00")
        #expect(timestamp("02.11.2024 25:06", formats: ["dd.MM.yyyy HH:mm"]) == nil)
    }

    @Test("booleans", arguments: [
        ("ja", true), ("Nein", false), ("J", true), ("n", false), ("yes", true), ("NO", false), ("1", true), ("0", false),
        ("wahr", true), ("falsch", false), ("x", true), ("TRUE", true), ("false", false), ("y", true),
    ])
    func booleans(_ raw: String, _ expected: Bool) {
        #expect(normalize(raw, .boolean).0 == .bool(expected))
        #expect(normalize(raw, .booleanString).0 == .boolString(expected))
    }

    @Test("an unreadable boolean is an error")
    func badBoolean() {
        #expect(normalize("vielleicht", .boolean).1.map(\.code) == [.invalidBoolean])
    }

    @Test("countries by code and by English and German name", arguments: [
        ("DE", "DE"), ("de", "DE"), ("DEU", "DE"), ("276", "DE"), ("40", "AT"), ("Deutschland", "DE"), ("Germany", "DE"),
        ("Bundesrepublik Deutschland", "DE"), ("BRD", "DE"), ("Österreich", "AT"), ("Oesterreich", "AT"), ("Austria", "AT"),
        ("Großbritannien", "GB"), ("UK", "GB"), ("England", "GB"), ("USA", "US"), ("Vereinigte Staaten", "US"),
        ("Holland", "NL"), ("Türkei", "TR"), ("Türkiye", "TR"), ("Tuerkei", "TR"), ("Korea, Republic of", "KR"),
        ("Republic of Korea", "KR"), ("Frankreich", "FR"), ("  schweiz ", "CH"), ("Côte d'Ivoire", "CI"), ("Elfenbeinküste", "CI"),
    ])
    func countries(_ raw: String, _ expected: String) {
        #expect(text(raw, .country) == expected)
    }

    @Test("nationality fields also read adjectives", arguments: [
        ("deutsch", "DE"), ("Deutsche", "DE"), ("österreichisch", "AT"), ("German", "DE"), ("French", "FR"), ("türkisch", "TR"),
        ("Österreicher", "AT"), ("Schweizer", "CH"), ("Italiener", "IT"), ("deutscher", "DE"), ("Austrian", "AT"), ("Polish", "PL"),
    ])
    func nationalities(_ raw: String, _ expected: String) {
        #expect(text(raw, .nationality) == expected)
        #expect(text(raw, .country) == nil || raw == "German")
    }

    @Test("an unknown country is an error that suggests the nearest name")
    func unknownCountry() {
        let (value, findings) = normalize("Deutchland", .country)
        #expect(value == nil)
        #expect(findings.map(\.code) == [.unknownCountry])
        #expect(findings.first?.message.contains("Deutschland (DE)") == true)
    }

    @Test("mapping aliases win over the built-in tables")
    func aliases() {
        var settings = Settings()
        settings.aliases = ["country": ["en": "GB"], "salutation": ["1": "Herr", "2": "Frau"]]
        #expect(text("EN", .country, settings: settings) == "GB")
        #expect(text("1", .salutation, settings: settings) == "Herr")
        #expect(text("2", .salutation, settings: settings) == "Frau")
    }

    @Test("salutations", arguments: [
        ("Herr", "Herr"), ("Herrn", "Herr"), ("Hr.", "Herr"), ("Mr", "Herr"), ("Mister", "Herr"), ("Monsieur", "Herr"),
        ("Señor", "Herr"), ("male", "Herr"), ("männlich", "Herr"), ("m", "Herr"), ("Frau", "Frau"), ("Fr.", "Frau"),
        ("Mrs", "Frau"), ("Ms", "Frau"), ("Miss", "Frau"), ("Madame", "Frau"), ("Mme", "Frau"), ("female", "Frau"),
        ("weiblich", "Frau"), ("w", "Frau"), ("f", "Frau"), ("Frau Dr.", "Frau"), ("Herrn Prof. Dr.", "Herr"), ("HERR", "Herr"),
        ("Mr.", "Herr"), ("Mrs.", "Frau"),
    ])
    func salutations(_ raw: String, _ expected: String) {
        #expect(text(raw, .salutation) == expected)
    }

    @Test("other salutations are left out with a warning", arguments: ["divers", "Familie", "Firma"])
    func otherSalutations(_ raw: String) {
        let (value, findings) = normalize(raw, .salutation)
        #expect(value == nil)
        #expect(findings.map(\.severity) == [.warning])
        #expect(findings.map(\.code) == [.unknownSalutation])
    }

    @Test("other titles are left out with a warning", arguments: ["Dipl.-Ing.", "Mag.", "MBA"])
    func otherTitles(_ raw: String) {
        #expect(normalize(raw, .title).1.map(\.code) == [.unknownTitle])
    }

    @Test("titles", arguments: [
        ("dr", "Dr."), ("Dr", "Dr."), ("Dr.", "Dr."), ("Dr. med.", "Dr."), ("Dr.-Ing.", "Dr."), ("prof", "Prof."),
        ("Prof.", "Prof."), ("Prof. Dr.", "Prof. Dr."), ("Prof. Dr. med.", "Prof. Dr."), ("prof.dr.", "Prof. Dr."),
        ("Dipl.-Kfm. Dr.", "Dr."), ("Dr. Dr.", "Dr."), ("Professor", "Prof."), ("DR. RER. NAT.", "Dr."),
    ])
    func titles(_ raw: String, _ expected: String) {
        #expect(text(raw, .title) == expected)
    }

    @Test("phones get the default country code; only digits follow +", arguments: [
        ("0351 123456", "+49351123456"), ("030/555-1234", "+49305551234"), ("0049 89 12345678", "+498912345678"),
        ("+49 (170) 123 4567", "+491701234567"), ("+43 1 5121234", "+4315121234"), ("+49 (0)351 123456", "+49351123456"),
        ("0049 (0)30 1234567", "+49301234567"), ("(0351) 12 34 56", "+49351123456"), ("0351.123456", "+49351123456"),
    ])
    func phones(_ raw: String, _ expected: String) {
        #expect(text(raw, .phone) == expected)
    }

    @Test("a leading 0 takes the configured country code, whatever its length", arguments: [
        ("+1", "+1351123456"), ("+49", "+49351123456"), ("+420", "+420351123456"),
    ])
    func phoneCountries(_ country: String, _ expected: String) {
        var settings = Settings()
        settings.phoneCountry = country
        #expect(text("0351 123456", .phone, settings: settings) == expected)
        #expect(text("+43 (0)1 5121234", .phone, settings: settings) == "+4315121234")
    }

    @Test("bad phones are errors", arguments: [("4.9170E+11", FindingCode.spreadsheetDamage), ("351123456", .invalidPhone),
                                              ("+49 170 CALL ME", .invalidPhone), ("+49", .invalidPhone), ("00", .invalidPhone),
                                              ("0", .invalidPhone), ("(0)", .invalidPhone), ("- / .", .invalidPhone)])
    func badPhones(_ raw: String, _ code: FindingCode) {
        #expect(normalize(raw, .phone).1.map(\.code) == [code])
    }

    @Test("IBANs are compacted, upper-cased and checked", arguments: [
        ("DE89 3704 0044 0532 0130 00", "DE89370400440532013000"), ("de89370400440532013000", "DE89370400440532013000"),
        ("AT61 1904 3002 3457 3201", "AT611904300234573201"), ("GB29 NWBK 6016 1331 9268 19", "GB29NWBK60161331926819"),
        ("DE89-3704-0044-0532-0130-00", "DE89370400440532013000"), ("de89 3704-0044 0532 0130 00", "DE89370400440532013000"),
    ])
    func ibans(_ raw: String, _ expected: String) {
        #expect(text(raw, .iban) == expected)
    }

    @Test("bad IBANs are errors", arguments: ["DE89370400440532013001", "DE8937040044053201300", "XX89370400440532013000", "4.9E+21", "hello"])
    func badIBANs(_ raw: String) {
        let codes = normalize(raw, .iban).1.map(\.code)
        #expect(codes == [.invalidIBAN] || codes == [.spreadsheetDamage])
    }

    @Test("BICs", arguments: [
        ("COBADEFFXXX", "COBADEFFXXX"), ("cobadeff", "COBADEFF"), ("INGDDEFF", "INGDDEFF"), ("COBA DE FF XXX", "COBADEFFXXX"),
        ("ABCDXKPR", "ABCDXKPR"), ("RZBAAT2K123", "RZBAAT2K123"), ("COBAXXFF", nil), ("COBADE", nil), ("1OBADEFF", nil),
        ("COBADEFFXX", nil), ("COBA1EFF", nil), ("COBADEFF-XX", nil), ("COBAdeFF", "COBADEFF"), ("ÇOBADEFF", nil),
    ] as [(String, String?)])
    func bics(_ raw: String, _ expected: String?) {
        #expect(text(raw, .bic) == expected)
    }

    @Test("the byte table of alpha-2 codes holds exactly the ISO codes")
    func alpha2Table() {
        for first in UInt8(0x40)...0x5B {
            for second in UInt8(0x40)...0x5B {
                let code = String(decoding: [first, second], as: UTF8.self)
                #expect(Countries.isAlpha2Code(first, second) == Countries.alpha2Codes.contains(code), "\(code)")
            }
        }
    }

    @Test("currencies, enums and vendors match case-insensitively and are written canonically")
    func enums() {
        #expect(text("eur", .currency) == "EUR")
        #expect(text("XYZ", .currency) == nil)
        #expect(text("passport", .docType) == "PASSPORT")
        #expect(text("ID-Card", .docType) == "IDCARD")
        #expect(text("Video", .verificationMethod) == "VIDEO")
        #expect(text("WebID", .vendor) == "WEBID")
        #expect(normalize("POSTIDENT", .vendor).1.map(\.code) == [.unknownVendor])
        var settings = Settings()
        settings.vendors = ["POSTIDENT"]
        #expect(text("Postident", .vendor, settings: settings) == "POSTIDENT")
        #expect(normalize("DRIVERSLICENSE", .docType).1.map(\.code) == [.unknownDocType])
    }

    @Test("text is trimmed, inner whitespace collapsed and composed to NFC")
    func cleansText() {
        #expect(text("  Anna   Maria ", .text) == "Anna Maria")
        #expect(text("Mu\u{0308}ller", .text) == "Müller")
        #expect(text("Haupt-\nstraße", .text) == "Haupt- straße")
        #expect(normalize("Anna\u{0007}", .text).1.map(\.code) == [.controlCharacter])
    }

    @Test("e-mail addresses", arguments: [("anna.mueller@example.de", true), ("a+b@sub.example.com", true), ("kein-at.example.de", false),
                                          ("a@b", false), ("a b@example.de", false), ("a@@example.de", false), ("a@example.d", false),
                                          ("a@.example.de", false), ("a@example.de.", false), ("a@exa..mple.de", false), ("a@-x.de", false),
                                          ("a@x-.de", false), ("a@sub.ex-ample.de", true), ("a@example.123", false), ("a@1.de", true),
                                          (".a@example.de", false), ("a..b@example.de", false), ("a@example", false)])
    func emails(_ raw: String, _ valid: Bool) {
        #expect((text(raw, .email) != nil) == valid)
    }

    @Test("scientific notation in a document number or postal code says the spreadsheet destroyed it")
    func scientificNotation() {
        #expect(normalize("4.9170E+11", .documentNumber).1.map(\.code) == [.spreadsheetDamage])
        #expect(normalize("1,2E+4", .postalCode).1.map(\.code) == [.spreadsheetDamage])
        #expect(text("L01X00T47", .documentNumber) == "L01X00T47")
    }

    @Test("each normalizer says what it changed; trimming alone is no change")
    func notes() {
        let normalizer = Normalizer(settings: Settings(), asOf: CivilDate(year: 2026, month: 1, day: 15)!)
        var findings: [Finding] = []
        _ = normalizer.normalize("Deutschland", kind: .country, patterns: [], path: "person.country", findings: &findings)
        _ = normalizer.normalize(" DE ", kind: .country, patterns: [], path: "person.nationality", findings: &findings)
        _ = normalizer.normalize("01.01.90", kind: .date(.birth), patterns: [], path: "person.birthDate", findings: &findings)
        #expect(findings.map(\.message) == ["read \"Deutschland\" as DE", "read \"01.01.90\" as 1990-01-01"])
        #expect(findings.allSatisfy { $0.severity == .note && $0.code == .normalized })
    }

    @Test("the generated country table matches its ISO source for a sample of entries")
    func countryTable() {
        #expect(ISOTables.countries.count == 249)
        let germany = ISOTables.countries.first { $0.alpha2 == "DE" }
        #expect(germany?.alpha3 == "DEU")
        #expect(germany?.numeric == "276")
        #expect(germany?.german.contains("Deutschland") == true)
        #expect(ISOTables.countries.first { $0.alpha2 == "CH" }?.german.contains("Schweiz") == true)
        #expect(ISOTables.currencyCodes.contains("EUR"))
    }
}

/// `Normalizer.isClean` answers most cells from a quick look at their bytes and hands the rest to
/// the full cleaning. On texts made of the pieces that decide it (single and double spaces, tabs,
/// the no-break space, control characters, composed and decomposed letters, two-, three- and
/// four-byte characters, invisible ones), both must give the same answer: a text the quick look
/// passes is one cleaning leaves as it is, with nothing invisible in it.
@Suite("Cleaning's quick check agrees with cleaning")
struct CleaningAgreementTests {
    static let pieces = ["a", "Z", "7", "-", "~", ".", " ", "  ", "\t", "\n", "\u{A0}", "\u{7F}", "\u{1}", "\u{85}", "\u{9F}",
                         "ü", "é", "e\u{301}", "ß", "Ł", "ɐ", "\u{2FF}", "\u{300}", "\u{2003}", "\u{3000}", "中", "😀", "\u{FEFF}", "\u{AD}", "\u{200B}", "\u{200D}", ""]

    @Test("60,000 texts, composed and not")
    func agreement() {
        var rng = SplitMix(state: 41)
        for _ in 0..<60_000 {
            let text = (0..<Int(rng.next() % 7)).map { _ in Self.pieces[Int(rng.next() % UInt64(Self.pieces.count))] }.joined()
            for compose in [true, false] {
                let full = Normalizer.cleanSlowly(text, compose: compose, dropInvisible: true)
                let agrees = !Normalizer.isClean(text) || (full?.text == text && full?.invisible.isEmpty == true)
                #expect(agrees, "\(text.debugDescription) compose: \(compose)")
                #expect(Normalizer.clean(text, compose: compose) == Normalizer.cleanSlowly(text, compose: compose, dropInvisible: false)?.text)
                if !agrees { return }
            }
        }
    }
}
