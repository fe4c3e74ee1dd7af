/// The rules of PRODUCT.md §4 that look across fields. Each adds findings and may
/// settle a value (a restored postal code, professional details not sent).
struct RecordRules: Sendable {
    let asOf: CivilDate
    let expiredDocumentIsError: Bool

    func apply(to customer: inout Record, findings: inout [Finding]) {
        let hasPerson = customer.modifyRecord("person") { person in
            checkBirth(person, &findings)
            checkPostalCode(&person, &findings)
            checkDocument(person, &findings)
            checkVerification(person, &findings)
            checkCompliance(person, &findings)
            checkProfessional(&person, &findings)
            checkCustomFields(person, &findings)
            checkBankAccounts(person, &findings)
        }
        guard hasPerson else { return }
        checkSurveys(customer, &findings)
    }

    private func error(_ code: FindingCode, _ field: String, _ message: String, raw: String? = nil) -> Finding {
        Finding(.error, code, field: field, raw: raw, message)
    }

    private func checkBirth(_ person: Record, _ findings: inout [Finding]) {
        guard let birth = person.date("birthDate") else { return }
        if birth > asOf {
            findings.append(error(.futureDate, "person.birthDate", "birth date \(birth) is after the as-of date \(asOf)", raw: birth.description))
        } else if birth.years(until: asOf) < 18 {
            findings.append(error(.tooYoung, "person.birthDate",
                                  "born \(birth), the customer is \(birth.years(until: asOf)) at \(asOf); customers must be 18 or older",
                                  raw: birth.description))
        }
    }

    /// A postal code that lost its leading zeros in a spreadsheet is restored, with a warning, for
    /// the countries whose codes are fixed digits (`PostalCodes`); a German code must have five digits.
    private func checkPostalCode(_ person: inout Record, _ findings: inout [Finding]) {
        guard let zip = person.text("zip"), let country = person.text("country"), let format = PostalCodes.format(of: country) else { return }
        if let restored = PostalCodes.restored(zip, format: format) {
            person["zip"] = .scalar(.text(restored))
            let zeros = format.digits - zip.utf8.count == 1 ? "zero" : "zeros"
            findings.append(Finding(.warning, .postalCodeRestored, field: "person.zip", raw: zip,
                                    "postal code \(quoted(zip)) had lost its leading \(zeros); codes in \(format.name) (\(country)) have \(format.digits) digits; sent as \(restored)"))
        } else if country == "DE", !(zip.utf8.count == 5 && zip.allBytes({ (0x30...0x39).contains($0) })) {
            // Over bytes: a string of ASCII digits has as many characters as bytes.
            findings.append(error(.invalidPostalCode, "person.zip", "\(quoted(zip)) is not a German postal code (five digits)", raw: zip))
        }
    }

    private func checkDocument(_ person: Record, _ findings: inout [Finding]) {
        guard let document = person.record("idDocument") else { return }
        let issue = document.date("issueDate")
        let expire = document.date("expireDate")
        if let issue, issue > asOf {
            findings.append(error(.futureDate, "person.idDocument.issueDate", "issue date \(issue) is after the as-of date \(asOf)"))
        }
        if let issue, let expire, expire <= issue {
            findings.append(error(.expireBeforeIssue, "person.idDocument.expireDate",
                                  "the document expires (\(expire)) before or on its issue date (\(issue))"))
        }
        if let expire, let approved = person.record("verification")?.timestamp("approveTime"), expire < approved.date {
            findings.append(error(.expiredWhenVerified, "person.idDocument.expireDate",
                                  "the document had expired (\(expire)) when the identity was verified (\(approved.date))"))
        } else if let expire, expire < asOf {
            findings.append(Finding(expiredDocumentIsError ? .error : .warning, .documentExpired, field: "person.idDocument.expireDate",
                                    raw: expire.description, "the document expired on \(expire), before the as-of date \(asOf)"))
        }
    }

    private func checkVerification(_ person: Record, _ findings: inout [Finding]) {
        guard let verification = person.record("verification") else { return }
        let approve = verification.timestamp("approveTime")
        let update = verification.timestamp("updateTime")
        for (name, stamp) in [("approveTime", approve), ("updateTime", update)] {
            if let stamp, stamp.date > asOf {
                findings.append(error(.futureDate, "person.verification.\(name)", "\(stamp) is after the as-of date \(asOf)"))
            }
        }
        if let approve, let update, update < approve {
            findings.append(error(.updateBeforeApprove, "person.verification.updateTime",
                                  "the last update (\(update)) is before the approval (\(approve))"))
        }
    }

    /// The two screenings of `compliance` and their fields' names, spelled once rather than joined for every row.
    private struct Screening {
        let flag, checked, hit, listNames: String
        let code: FindingCode
    }

    private static let complianceChecks = [
        Screening(flag: "pep", checked: "pepChecked", hit: "pepHit", listNames: "pepListNames", code: .pepDetailsMissing),
        Screening(flag: "sanction", checked: "sanctionChecked", hit: "sanctionHit", listNames: "sanctionListNames",
                  code: .sanctionDetailsMissing),
    ]

    private func checkCompliance(_ person: Record, _ findings: inout [Finding]) {
        guard let compliance = person.record("compliance") else { return }
        for check in RecordRules.complianceChecks {
            let flag = check.flag
            if let checked = compliance.timestamp(check.checked), checked.date > asOf {
                findings.append(error(.futureDate, "person.compliance.\(check.checked)", "\(checked) is after the as-of date \(asOf)"))
            }
            guard compliance.bool(flag) == true else { continue }
            if compliance.text(check.hit)?.isEmpty ?? true {
                findings.append(error(check.code, "person.compliance.\(check.hit)", "\(flag) is true, so \(check.hit) must say why"))
            }
            if compliance.array(check.listNames).isEmpty {
                findings.append(error(check.code, "person.compliance.\(check.listNames)", "\(flag) is true, so \(check.listNames) must name the lists"))
            }
        }
    }

    private func checkProfessional(_ person: inout Record, _ findings: inout [Finding]) {
        guard let isProfessional = person.record("professional")?.bool("isProfessional") else { return }
        guard isProfessional else {
            // Only the flag is sent for a non-professional client; say so when details were given.
            // In place, with no copy of the record held meanwhile, so its members are not copied:
            // the details go, the flag stays as the boolean false.
            person.modifyRecord("professional") { professional in
                guard professional.fields.count > 1 || professional.scalar("isProfessional") != .bool(false) else { return }
                let detailsGiven = professional.fields.withUnsafeBufferPointer { members in
                    members.indices.contains { members[$0].name != "isProfessional" && RecordRules.hasContent(members[$0].entry) }
                }
                if detailsGiven {
                    findings.append(Finding(.warning, .professionalDetailsIgnored, field: "person.professional",
                                            "isProfessional is false, so the classification, declarations and signature given were not sent"))
                }
                professional.fields.removeAll { $0.name != "isProfessional" }
                professional["isProfessional"] = .scalar(.bool(false))
            }
            return
        }
        guard let professional = person.record("professional") else { return }
        for field in RelianceSchema.professional where field.requirement == .whenProfessional {
            missingLeaves(field, in: professional[field.name], path: "person.professional." + field.name, &findings)
        }
        if let declarations = professional.record("declarations") {
            for name in ["confirmationCorrectInfo", "agreeToClassification"] where declarations.bool(name) == false {
                findings.append(error(.declarationNotGiven, "person.professional.declarations.\(name)",
                                      "a professional client must confirm \(name); it is false"))
            }
        }
        if let classification = professional.record("classification"), !RecordRules.anyTrue(.object(classification)) {
            findings.append(error(.noClassificationCriterion, "person.professional.classification",
                                  "a professional client needs at least one classification criterion set to true"))
        }
        if professional.scalar("isProfessional") != .bool(true) {
            person.modifyRecord("professional") { $0["isProfessional"] = .scalar(.bool(true)) }
        }
    }

    private func missingLeaves(_ field: Field, in entry: Entry?, path: String, _ findings: inout [Finding]) {
        switch field.shape {
        case let .object(children):
            var record: Record?
            if case let .object(value)? = entry { record = value }
            for child in children {
                missingLeaves(child, in: record?[child.name], path: path + "." + child.name, &findings)
            }
        default:
            if entry == nil, field.requirement == .whenProfessional {
                findings.append(error(.professionalIncomplete, path, "\(field.name) is required for a professional client but empty"))
            }
        }
    }

    private func checkCustomFields(_ person: Record, _ findings: inout [Finding]) {
        let hasKYC = person.records("customFields").contains { $0.text("name") == "KYC" && !($0.text("value")?.isEmpty ?? true) }
        if !hasKYC {
            findings.append(error(.missingKYC, "person.customFields", "there is no custom field named KYC with a value (the KYC provider)"))
        }
    }

    private func checkBankAccounts(_ person: Record, _ findings: inout [Finding]) {
        for (index, account) in person.records("bankAccounts").enumerated() where account["iban"] == nil {
            if !findings.contains(where: { $0.field == "person.bankAccounts[\(index + 1)].iban" }) {
                findings.append(error(.missingIBAN, "person.bankAccounts[\(index + 1)].iban", "a bank account is given without an IBAN"))
            }
        }
    }

    private func checkSurveys(_ customer: Record, _ findings: inout [Finding]) {
        let surveys = customer.records("investmentSurveys")
        if surveys.isEmpty {
            findings.append(error(.missingSurvey, "investmentSurveys", "there is no investment survey with answered questions"))
        }
        for (index, survey) in surveys.enumerated() where survey.record("standard_questionnaire")?.records("question").isEmpty ?? true {
            findings.append(error(.emptyQuestionnaire, "investmentSurveys[\(index + 1)].standard_questionnaire.question",
                                  "the questionnaire has no questions"))
        }
    }

    static func hasContent(_ entry: Entry) -> Bool {
        switch entry {
        case .scalar(.bool(false)), .scalar(.null): false
        case .scalar: true
        case let .array(values): !values.isEmpty
        case let .object(record): hasContent(record)
        case let .list(records): !records.isEmpty
        }
    }

    /// Whether any member of `record` has content. The members are read in place: handing each to a
    /// closure copied it, and a non-professional's unmapped details are walked on every row.
    static func hasContent(_ record: Record) -> Bool {
        record.fields.withUnsafeBufferPointer { members in
            for index in members.indices where hasContent(members[index].entry) { return true }
            return false
        }
    }

    static func anyTrue(_ entry: Entry) -> Bool {
        switch entry {
        case let .scalar(value): value == .bool(true)
        case let .object(record): record.fields.contains { anyTrue($0.entry) }
        default: false
        }
    }
}
