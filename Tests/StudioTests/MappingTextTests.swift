import RelianceKit
import Testing

struct MappingTextTests {
    static let text = """
    # A mapping.
    version: 1
    input: { delimiter: ";" }
    customer:
      id: Kundennr   # the legacy id
      person:
        birthDate: { column: Geburtsdatum,
                     format: "dd.MM.yyyy" }
        compliance:
          pep: PEP
          # sanctionHit:
        bankAccounts:
          - { iban: IBAN, bic: BIC }
      events:
        - { file: Datei }

    """

    @Test func aValueIsReplacedOnItsLineKeepingItsComment() throws {
        let edited = try MappingText(Self.text).setting("customer.id", to: "Nr")
        #expect(edited.text == Self.text.replacingOccurrences(of: "  id: Kundennr   # the legacy id", with: "  id: Nr   # the legacy id"))
    }

    @Test func aFlowValueOverTwoLinesBecomesOne() throws {
        let text = MappingText(Self.text)
        #expect(text.entry("customer.person.birthDate")?.value == #"{ column: Geburtsdatum, format: "dd.MM.yyyy" }"#)
        let edited = try text.setting("customer.person.birthDate", to: "Geburtsdatum")
        #expect(edited.lines.count == text.lines.count - 1)
        #expect(edited.entry("customer.person.compliance.pep")?.value == "PEP")
    }

    @Test func aCommentedPlaceholderBecomesTheLine() throws {
        let edited = try MappingText(Self.text).setting("customer.person.compliance.sanctionHit", to: "Treffer")
        #expect(edited.text == Self.text.replacingOccurrences(of: "# sanctionHit:", with: "sanctionHit: Treffer"))
    }

    @Test func aMissingKeyIsAddedUnderItsParentAndMissingParentsToo() throws {
        let text = MappingText(Self.text)
        let added = try text.setting("customer.person.email", to: "E-Mail")
        #expect(added.entry("customer.person.email")?.value == "E-Mail")
        #expect(added.lines.count == text.lines.count + 1)
        let nested = try text.setting("customer.person.idDocument.docType", to: "Art")
        #expect(nested.entry("customer.person.idDocument.docType")?.value == "Art")
        #expect(nested.entry("customer.person.bankAccounts") != nil)
        let top = try text.setting("settings.date_order", to: "DMY")
        #expect(top.entry("settings.date_order")?.value == "DMY")
    }

    @Test(arguments: ["Titel\u{2028}    key: Ort", "Titel\u{85}key: Ort", "Titel\u{2029}", "a\u{0}b", "{ column: Titel", "[Telefon, Telefon2", "\"open"])
    func aValueThatIsNotOneWholeLineIsRefused(_ value: String) throws {
        #expect(throws: MappingText.EditError.self) { try MappingText(Self.text).setting("customer.id", to: value) }
    }

    @Test(arguments: ["", "..", "customer..id", "customer.", String(repeating: "a.", count: 2000) + "b", "customer.id x"])
    func aPathThatNamesNoKeyIsRefused(_ path: String) throws {
        #expect(throws: MappingText.EditError.self) { try MappingText(Self.text).setting(path, to: "x") }
    }

    /// A flow value a person left open in the file takes its own line only, not the rest of the file.
    @Test func anUnclosedFlowValueInTheFileTakesOnlyItsLine() throws {
        let text = MappingText(Self.text.replacingOccurrences(of: "    compliance:\n", with: "    title: { column: Titel\n    compliance:\n"))
        #expect(text.entry("customer.person.title")?.lines.count == 1)
        let edited = try text.setting("customer.person.title", to: "{ column: Titel }")
        #expect(edited.lines.count == text.lines.count)
        #expect(edited.entry("customer.person.compliance.pep")?.value == "PEP")
    }

    @Test func aLineIsRemovedAndListItemsAreNotEditedByKey() throws {
        let text = MappingText(Self.text)
        #expect(try text.setting("customer.person.compliance.pep", to: nil).entry("customer.person.compliance.pep") == nil)
        #expect(text.fieldEntry("person.bankAccounts.iban")?.value == "{ iban: IBAN, bic: BIC }")
        #expect(text.fieldEntry("person.bankAccounts.iban")?.inList == true)
        #expect(throws: MappingText.EditError.self) { try text.setting("customer.person.bankAccounts.iban", to: "X") }
        #expect(throws: MappingText.EditError.self) { try text.setting("customer.id", to: "a\nb: c") }
    }
}
