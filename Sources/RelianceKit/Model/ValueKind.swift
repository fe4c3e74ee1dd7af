/// What a payload value is, which decides how it is normalized, validated and written.
package enum ValueKind: Sendable, Equatable {
    case text
    /// The name of a person, place, street or bank: text in which a `?` standing where a letter
    /// stood is reported (`LostCharacters`).
    case name
    /// A date written `YYYY-MM-DD`; its role decides the century of a two-digit year.
    case date(DateRole)
    /// A wall-clock timestamp written `YYYY-MM-DDTHH:mm:ss` in the configured zone.
    case timestamp
    case boolean
    /// A boolean written as the string `"True"` or `"False"` (`precheckPep`).
    case booleanString
    /// Always the number 0 (`person.type`).
    case zero
    case country
    /// A country that may also be given as an adjective (`deutsch`, `French`) or as a travel
    /// document's code for it (`D`, `GBN`: see `TravelDocumentCodes`).
    case nationality
    /// The state that issued a travel document, also given as the document's code for it (`D`).
    case issuingCountry
    case salutation
    case title
    case phone
    case email
    case iban
    case bic
    case currency
    case postalCode
    case documentNumber
    case docType
    case verificationMethod
    case vendor
    /// A record key; `prefix` builds the default (`CUST_{id}`).
    case key(prefix: String)
    /// A file name under the attachments folder.
    case attachment

    /// Whether values are sent as given, only cleaned of surrounding and doubled spaces.
    var isPlainText: Bool {
        switch self {
        case .text, .name, .key, .attachment: true
        default: false
        }
    }

    /// The name shown in `fields` and the README.
    package var displayName: String {
        switch self {
        case .text: "text"
        case .name: "name"
        case .date: "date"
        case .timestamp: "timestamp"
        case .boolean: "boolean"
        case .booleanString: "\"True\"/\"False\""
        case .zero: "number 0"
        case .country: "country"
        case .nationality: "nationality"
        case .issuingCountry: "issuing country"
        case .salutation: "salutation"
        case .title: "title"
        case .phone: "phone"
        case .email: "email"
        case .iban: "IBAN"
        case .bic: "BIC"
        case .currency: "currency"
        case .postalCode: "postal code"
        case .documentNumber: "document number"
        case .docType, .verificationMethod: (vocabulary ?? []).joined(separator: "|")
        case .vendor: "vendor"
        case .key: "key"
        case .attachment: "file"
        }
    }
}

extension ValueKind {
    /// The values an enumerated kind allows, in their canonical spelling: the one home of each
    /// vocabulary. The normalizers, the ZIP reader of `inspect`, `fields`, the docs and `init` read
    /// it from here. Vendors are these and whatever `settings.vendors` adds.
    package var vocabulary: [String]? {
        switch self {
        case .docType: ["PASSPORT", "IDCARD"]
        case .verificationMethod: ["VIDEO", "QES", "BANK"]
        case .vendor: ["SUMSUB", "IDNOW", "WEBID"]
        case .salutation: ["Herr", "Frau"]
        default: nil
        }
    }

    /// The vendors accepted without `settings.vendors`.
    package static let builtInVendors = ValueKind.vendor.vocabulary ?? []
}
