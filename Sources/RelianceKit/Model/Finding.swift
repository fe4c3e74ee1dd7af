/// A problem found in one row's data: an error rejects the row, a warning never does.
public struct Finding: Sendable, Equatable, CustomStringConvertible {
    public enum Severity: String, Sendable, Equatable {
        case error
        case warning
        /// What a normalizer changed; never affects the outcome, explains it.
        case note
    }

    public let severity: Severity
    public let code: FindingCode
    /// The payload path (`person.idDocument.expireDate`, `person.bankAccounts[1].iban`), or `row`.
    public let field: String
    /// The value as it came from the input, before normalizing.
    public let raw: String?
    /// What a person reads: what is wrong and, where it helps, how to fix it.
    public let message: String

    public init(_ severity: Severity, _ code: FindingCode, field: String, raw: String? = nil, _ message: String) {
        self.severity = severity
        self.code = code
        self.field = field
        self.raw = raw
        self.message = message
    }

    /// `person.birthDate [invalid-date] "31.02.1990" is not a date in the calendar`
    public var description: String {
        "\(field) [\(code.rawValue)] \(message)"
    }
}

/// Stable codes for every finding; documented in the README and counted in `summary.json`.
public enum FindingCode: String, Sendable, CaseIterable, Comparable {
    // Row syntax
    case wrongFieldCount = "wrong-field-count"
    case unterminatedQuote = "unterminated-quote"
    case textAfterQuote = "text-after-quote"
    case recordTooLong = "record-too-long"
    case invalidEncoding = "invalid-encoding"
    case damagedCell = "damaged-cell"
    // Presence and form
    case missingValue = "missing-value"
    case controlCharacter = "control-character"
    case spreadsheetDamage = "spreadsheet-damage"
    case invalidDate = "invalid-date"
    case invalidTimestamp = "invalid-timestamp"
    case invalidBoolean = "invalid-boolean"
    case unknownCountry = "unknown-country"
    case unknownSalutation = "unknown-salutation"
    case unknownTitle = "unknown-title"
    case invalidPhone = "invalid-phone"
    case invalidEmail = "invalid-email"
    case invalidIBAN = "invalid-iban"
    case invalidBIC = "invalid-bic"
    case unknownCurrency = "unknown-currency"
    case invalidPostalCode = "invalid-postal-code"
    case postalCodeRestored = "postal-code-restored"
    case unknownDocType = "unknown-doc-type"
    case unknownVerificationMethod = "unknown-verification-method"
    case unknownVendor = "unknown-vendor"
    case invalidKey = "invalid-key"
    case duplicateKey = "duplicate-key"
    case itemLeftOut = "item-left-out"
    case normalized = "normalized"
    // Rules across fields
    case futureDate = "future-date"
    case tooYoung = "too-young"
    case expireBeforeIssue = "expire-before-issue"
    case expiredWhenVerified = "expired-when-verified"
    case documentExpired = "document-expired"
    case updateBeforeApprove = "update-before-approve"
    case pepDetailsMissing = "pep-details-missing"
    case sanctionDetailsMissing = "sanction-details-missing"
    case professionalIncomplete = "professional-incomplete"
    case declarationNotGiven = "declaration-not-given"
    case noClassificationCriterion = "no-classification-criterion"
    case professionalDetailsIgnored = "professional-details-ignored"
    case missingKYC = "missing-kyc"
    case emptyQuestionnaire = "empty-questionnaire"
    case missingSurvey = "missing-survey"
    case missingIBAN = "missing-iban"
    // Packages checked by `inspect`
    case damagedArchive = "damaged-archive"
    case missingMainJSON = "missing-main-json"
    case invalidJSON = "invalid-json"
    case unknownField = "unknown-field"
    case wrongType = "wrong-type"
    case extraEntry = "extra-entry"
    case duplicateEntry = "duplicate-entry"
    // Attachments
    case attachmentMissing = "attachment-missing"
    case attachmentNotFile = "attachment-not-file"
    case attachmentOutside = "attachment-outside-folder"
    case attachmentUnreadable = "attachment-unreadable"
    case duplicateAttachment = "duplicate-attachment"

    public static func < (lhs: FindingCode, rhs: FindingCode) -> Bool { lhs.rawValue < rhs.rawValue }

    /// What the code means, for the README and `fields`.
    public var meaning: String {
        switch self {
        case .wrongFieldCount: "the record has more or fewer fields than the header"
        case .unterminatedQuote: "a quote opens a field and never closes"
        case .textAfterQuote: "text follows the closing quote of a field"
        case .recordTooLong: "the record exceeds the reader's size limit"
        case .invalidEncoding: "bytes that are not valid in the input's encoding"
        case .damagedCell: "a workbook cell that cannot be read"
        case .missingValue: "a required value is empty"
        case .controlCharacter: "the text holds a control character"
        case .spreadsheetDamage: "a spreadsheet turned the value into scientific notation"
        case .invalidDate: "not a date, or not one in the calendar"
        case .invalidTimestamp: "not a date and time"
        case .invalidBoolean: "not a yes/no value"
        case .unknownCountry: "not a known country"
        case .unknownSalutation: "salutation other than Herr/Frau; left out (warning)"
        case .unknownTitle: "title other than Dr./Prof./Prof. Dr.; left out (warning)"
        case .invalidPhone: "not a phone number"
        case .invalidEmail: "not an e-mail address"
        case .invalidIBAN: "wrong IBAN length or checksum"
        case .invalidBIC: "BIC not 8 or 11 characters or with an unknown country"
        case .unknownCurrency: "not an ISO 4217 currency code"
        case .invalidPostalCode: "German postal code that is not five digits"
        case .postalCodeRestored: "a lost leading zero was put back (warning)"
        case .unknownDocType: "document type other than PASSPORT/IDCARD"
        case .unknownVerificationMethod: "verification method other than VIDEO/QES/BANK"
        case .unknownVendor: "KYC vendor not accepted"
        case .invalidKey: "a key that cannot name a ZIP file"
        case .duplicateKey: "a key an earlier row already used"
        case .itemLeftOut: "a list item with no values was left out (warning)"
        case .normalized: "a value was read into its canonical form (note, never rejects)"
        case .futureDate: "a date or time after the as-of date"
        case .tooYoung: "the customer is under 18 at the as-of date"
        case .expireBeforeIssue: "the document expires before it was issued"
        case .expiredWhenVerified: "the document had expired when the identity was verified"
        case .documentExpired: "the document has expired by the as-of date (warning unless raised)"
        case .updateBeforeApprove: "verification updateTime is before approveTime"
        case .pepDetailsMissing: "pep is true but pepHit or pepListNames is empty"
        case .sanctionDetailsMissing: "sanction is true but sanctionHit or sanctionListNames is empty"
        case .professionalIncomplete: "a professional client lacks a classification field"
        case .declarationNotGiven: "a professional client's declaration is not true"
        case .noClassificationCriterion: "a professional client has no criterion true"
        case .professionalDetailsIgnored: "classification given for a non-professional client; not sent (warning)"
        case .missingKYC: "no customFields entry named KYC with a value"
        case .emptyQuestionnaire: "a survey has no questions"
        case .missingSurvey: "no investment survey with questions"
        case .missingIBAN: "a bank account without an IBAN"
        case .damagedArchive: "inspect: the ZIP cannot be read or an entry fails its CRC-32"
        case .missingMainJSON: "inspect: the ZIP has no main.json at its root"
        case .invalidJSON: "inspect: main.json is not valid JSON"
        case .unknownField: "inspect: main.json has a field the payload does not define"
        case .wrongType: "inspect: a value of the wrong JSON type or not in canonical form"
        case .extraEntry: "inspect: the ZIP holds a file no event references"
        case .duplicateEntry: "inspect: two entries of the ZIP have the same name"
        case .attachmentMissing: "the attachment file does not exist (inspect: not in the ZIP)"
        case .attachmentNotFile: "the attachment is not a regular file"
        case .attachmentOutside: "the attachment path leaves the attachments folder"
        case .attachmentUnreadable: "the attachment cannot be read"
        case .duplicateAttachment: "two events of one customer name the same file"
        }
    }
}
