/// The Reliance payload in one table: every field's path, type, requirement and order.
///
/// The JSON writer writes keys in this order, the validator reads requirements
/// from it, and the mapping loader accepts exactly these names. A change to the
/// nesting Concedus asks for is a change here alone.
package enum RelianceSchema {
    /// The fields of one entry of `customers`.
    package static let customer: [Field] = [
        Field("key", .value(.key(prefix: "CUST")), .generated, "customer key; defaults to CUST_{id}"),
        Field("modified", .value(.timestamp), .generated, "last change; defaults to the run's start (--now)"),
        Field("person", .object(person), .required),
        Field("investmentSurveys", .list(investmentSurvey), .required, "at least one survey with questions"),
        Field("events", .list(event), .optional, "attachments; each file is packed into the ZIP"),
    ]

    static let person: [Field] = [
        Field("key", .value(.key(prefix: "PERS")), .generated, "defaults to PERS_{id}"),
        Field("modified", .value(.timestamp), .generated, "defaults to the customer's modified"),
        Field("type", .value(.zero), .generated, "always 0 (natural person)"),
        Field("precheckPep", .value(.booleanString), .required, "client-side PEP precheck"),
        Field("salutation", .value(.salutation), .optional, "Herr or Frau"),
        Field("title", .value(.title), .optional, "Dr., Prof. or Prof. Dr."),
        Field("foreName", .value(.name), .required, "all forenames"),
        Field("surName", .value(.name), .required),
        Field("street", .value(.name), .required, "street and number"),
        Field("zip", .value(.postalCode), .required),
        Field("city", .value(.name), .required),
        Field("country", .value(.country), .optional, "country of the address"),
        Field("birthDate", .value(.date(.birth)), .required, "18 or older at the as-of date"),
        Field("birthPlace", .value(.name), .required),
        Field("birthCountry", .value(.country), .optional),
        Field("nationality", .value(.nationality), .required),
        Field("furtherNationalities", .array(.nationality), .optional),
        Field("phonePriv", .array(.phone), .optional),
        Field("email", .value(.email), .optional),
        Field("mobile", .value(.phone), .optional),
        Field("customFields", .list(customField), .required, "must hold an entry named KYC"),
        Field("idDocument", .object(idDocument), .required),
        Field("verification", .object(verification), .required),
        Field("compliance", .object(compliance), .required),
        Field("professional", .object(professional), .required),
        Field("bankAccounts", .list(bankAccount), .optional),
    ]

    static let customField: [Field] = [
        Field("name", .value(.text), .required),
        Field("value", .value(.text), .required),
    ]

    static let idDocument: [Field] = [
        Field("docType", .value(.docType), .required),
        Field("issueCountry", .value(.issuingCountry), .required),
        Field("documentNumber", .value(.documentNumber), .required),
        Field("additionalNumber", .value(.documentNumber), .optional, "required if the document has one"),
        Field("issueDate", .value(.date(.past)), .required),
        Field("expireDate", .value(.date(.expiry)), .required, "after issueDate; valid when verified"),
    ]

    static let verification: [Field] = [
        Field("verificationMethod", .value(.verificationMethod), .required),
        Field("approveTime", .value(.timestamp), .required, "not in the future"),
        Field("updateTime", .value(.timestamp), .required, "not before approveTime, not in the future"),
        Field("vendor", .value(.vendor), .required, ValueKind.builtInVendors.joined(separator: ", ") + " or settings.vendors"),
    ]

    static let compliance: [Field] = [
        Field("pep", .value(.boolean), .required),
        Field("pepChecked", .value(.timestamp), .required),
        Field("pepHit", .value(.text), .whenTrue("pep"), "required when pep is true; null otherwise"),
        Field("pepListNames", .array(.text), .whenTrue("pep"), "non-empty when pep is true"),
        Field("sanction", .value(.boolean), .required),
        Field("sanctionChecked", .value(.timestamp), .required),
        Field("sanctionHit", .value(.text), .whenTrue("sanction"), "required when sanction is true; null otherwise"),
        Field("sanctionListNames", .array(.text), .whenTrue("sanction"), "non-empty when sanction is true"),
    ]

    static func criteria(_ names: [String]) -> [Field] {
        names.map { Field($0, .value(.boolean), .optional, "classification criterion; empty is false") }
    }

    static let professional: [Field] = [
        Field("isProfessional", .value(.boolean), .required, "when true, every field below is required"),
        Field("classification", .object([
            Field("company_based", .object([
                Field("regulated", .object(criteria(["CO-1A", "CO-1B", "CO-1C", "CO-1D", "CO-1E", "CO-1F", "CO-1G"])), .whenProfessional),
                Field("unregulated_with_criteria", .object(criteria(["CO-2A", "CO-2B", "CO-2C"])), .whenProfessional),
            ]), .whenProfessional),
            Field("private_client", .object(criteria(["PC-1A", "PC-1B", "PC-1C"])), .whenProfessional),
        ]), .whenProfessional, "at least one criterion true"),
        Field("declarations", .object([
            Field("confirmationCorrectInfo", .value(.boolean), .whenProfessional, "must be true"),
            Field("agreeToClassification", .value(.boolean), .whenProfessional, "must be true"),
        ]), .whenProfessional),
        Field("signature", .object([
            Field("place", .value(.name), .whenProfessional),
            Field("date", .value(.date(.past)), .whenProfessional),
            Field("signatureField", .value(.timestamp), .whenProfessional),
        ]), .whenProfessional),
        Field("meta", .object([
            Field("formVersion", .value(.text), .whenProfessional),
        ]), .whenProfessional),
    ]

    static let bankAccount: [Field] = [
        Field("key", .value(.key(prefix: "BA")), .generated, "defaults to BA_{id}_{n}"),
        Field("modified", .value(.timestamp), .generated, "defaults to the customer's modified"),
        Field("accountHolder", .value(.name), .optional, "Surname, Forename"),
        Field("iban", .value(.iban), .optional, "required in every account given"),
        Field("bic", .value(.bic), .optional),
        Field("bank", .value(.name), .optional),
        Field("country", .value(.country), .optional),
        Field("currency", .value(.currency), .optional),
    ]

    static let investmentSurvey: [Field] = [
        Field("key", .value(.key(prefix: "INVST")), .generated, "defaults to INVST_{id}_{n}"),
        Field("modified", .value(.timestamp), .generated, "defaults to the customer's modified"),
        Field("standard_questionnaire", .object([
            Field("question", .list([
                Field("name", .value(.text), .required),
                Field("value", .value(.text), .required),
            ]), .required, "a non-empty list"),
        ]), .required),
    ]

    static let event: [Field] = [
        Field("key", .value(.key(prefix: "ATT")), .generated, "defaults to ATT_{id}_{n}"),
        Field("modified", .value(.timestamp), .generated, "defaults to the customer's modified"),
        Field("date", .value(.date(.past)), .optional),
        Field("subject", .value(.text), .optional),
        Field("category", .value(.text), .optional),
        Field("file", .value(.attachment), .required, "a file in the attachments folder"),
    ]

    /// Every leaf with its dotted path (`person.idDocument.docType`, lists as `events[]`).
    package static func leaves() -> [(path: String, field: Field)] {
        var out: [(String, Field)] = []
        func walk(_ fields: [Field], _ prefix: String) {
            for field in fields {
                let path = prefix.isEmpty ? field.name : prefix + "." + field.name
                switch field.shape {
                case .value, .array: out.append((path, field))
                case let .object(children): walk(children, path)
                case let .list(children): walk(children, path + "[]")
                }
            }
        }
        walk(customer, "")
        return out
    }
}
