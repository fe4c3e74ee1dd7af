/// Reads a `main.json` back into a customer record, strictly: every value must already be in
/// the canonical form the converter writes, every field must be one the schema defines.
struct PayloadReader {
    let vendors: [String]
    private(set) var findings: [Finding] = []

    init(vendors: [String] = []) {
        self.vendors = vendors
    }

    mutating func readCustomers(_ json: JSONValue) -> [Record] {
        guard case let .object(members) = json, let customers = members.first(where: { $0.key == "customers" })?.value else {
            add(.missingValue, "customers", "main.json must be an object with a \"customers\" array")
            return []
        }
        for member in members where member.key != "customers" {
            add(.unknownField, member.key, "\"\(member.key)\" is not part of the payload")
        }
        guard case let .array(items) = customers, !items.isEmpty else {
            add(.wrongType, "customers", "\"customers\" must be a non-empty array")
            return []
        }
        if items.count > 1 { add(.wrongType, "customers", "a Reliance ZIP holds one customer, this one \(items.count)") }
        return items.enumerated().compactMap { index, item in
            guard case let .object(customer) = item else {
                add(.wrongType, "customers[\(index + 1)]", "a customer must be an object, not \(item.kindName)")
                return nil
            }
            return readObject(customer, fields: RelianceSchema.customer, path: "")
        }
    }

    private mutating func add(_ code: FindingCode, _ field: String, _ message: String, raw: String? = nil) {
        findings.append(Finding(.error, code, field: field.isEmpty ? "customer" : field, raw: raw, message))
    }

    private mutating func readObject(_ members: [(key: String, value: JSONValue)], fields: [Field], path: String) -> Record {
        var record = Record()
        var seen: Set<String> = []
        for member in members {
            let memberPath = path.isEmpty ? member.key : path + "." + member.key
            if !seen.insert(member.key).inserted { add(.wrongType, memberPath, "\"\(member.key)\" appears twice") }
            if !fields.contains(where: { $0.name == member.key }) {
                add(.unknownField, memberPath, "\"\(member.key)\" is not a field of \(path.isEmpty ? "the customer" : path)")
            }
        }
        for field in fields {
            let fieldPath = path.isEmpty ? field.name : path + "." + field.name
            let member = members.first(where: { $0.key == field.name })?.value
            guard let value = member, value != .null else {
                if case .whenTrue = field.requirement {
                    // `pepHit: null` is how the payload says "no hit"; the rules check it against the flag.
                    if member != nil, case .value = field.shape { record[field.name] = .scalar(.null) }
                } else if field.requirement == .required || field.requirement == .generated {
                    add(.missingValue, fieldPath, "\(field.name) is required but missing")
                }
                continue
            }
            switch field.shape {
            case let .value(kind):
                if let scalar = readScalar(value, kind: kind, path: fieldPath) { record[field.name] = .scalar(scalar) }
            case let .array(kind):
                guard case let .array(items) = value else {
                    add(.wrongType, fieldPath, "\(field.name) must be an array, not \(value.kindName)")
                    continue
                }
                record[field.name] = .array(items.enumerated().compactMap { readScalar($1, kind: kind, path: "\(fieldPath)[\($0 + 1)]") })
            case let .object(children):
                guard case let .object(childMembers) = value else {
                    add(.wrongType, fieldPath, "\(field.name) must be an object, not \(value.kindName)")
                    continue
                }
                record[field.name] = .object(readObject(childMembers, fields: children, path: fieldPath))
            case let .list(children):
                guard case let .array(items) = value else {
                    add(.wrongType, fieldPath, "\(field.name) must be an array of objects, not \(value.kindName)")
                    continue
                }
                var records: [Record] = []
                for (index, item) in items.enumerated() {
                    guard case let .object(itemMembers) = item else {
                        add(.wrongType, "\(fieldPath)[\(index + 1)]", "items of \(field.name) must be objects")
                        continue
                    }
                    records.append(readObject(itemMembers, fields: children, path: "\(fieldPath)[\(index + 1)]"))
                }
                record[field.name] = .list(records)
            }
        }
        return record
    }

    private mutating func readScalar(_ value: JSONValue, kind: ValueKind, path: String) -> Scalar? {
        func fail(_ code: FindingCode, _ message: String) -> Scalar? {
            add(code, path, message, raw: raw(value))
            return nil
        }
        switch kind {
        case .boolean:
            guard case let .bool(flag) = value else { return fail(.wrongType, "must be true or false, not \(value.kindName)") }
            return .bool(flag)
        case .zero:
            guard case .number("0") = value else { return fail(.wrongType, "must be the number 0") }
            return .zero
        default:
            break
        }
        guard case let .string(text) = value else { return fail(.wrongType, "must be a string, not \(value.kindName)") }
        let shown = quoted(text)
        switch kind {
        case .text, .name, .documentNumber, .postalCode, .attachment:
            return text.isEmpty ? fail(.missingValue, "is empty") : .text(text)
        case .key:
            if let problem = KeyRule.problem(text) { return fail(.invalidKey, "key \(shown) \(problem)") }
            return .text(text)
        case .date:
            guard text.count == 10, let date = CivilDate(iso: text) else { return fail(.invalidDate, "\(shown) is not a date written YYYY-MM-DD") }
            return .date(date)
        case .timestamp:
            guard text.count == 19, text.contains("T"), let stamp = CivilDateTime(iso: text) else {
                return fail(.invalidTimestamp, "\(shown) is not a timestamp written YYYY-MM-DDTHH:mm:ss")
            }
            return .timestamp(stamp)
        case .booleanString:
            guard text == "True" || text == "False" else { return fail(.wrongType, "\(shown) must be \"True\" or \"False\"") }
            return .boolString(text == "True")
        case .country, .nationality, .issuingCountry:
            guard Countries.alpha2Codes.contains(text) else { return fail(.unknownCountry, "\(shown) is not an ISO 3166-1 alpha-2 code") }
            return .text(text)
        case .salutation:
            guard text == "Herr" || text == "Frau" else { return fail(.unknownSalutation, "\(shown) is neither Herr nor Frau") }
            return .text(text)
        case .title:
            guard ["Dr.", "Prof.", "Prof. Dr."].contains(text) else { return fail(.unknownTitle, "\(shown) is not Dr., Prof. or Prof. Dr.") }
            return .text(text)
        case .phone:
            guard text.hasPrefix("+"), (6...15).contains(text.count - 1), text.dropFirst().allSatisfy(\.isASCIIDigit) else {
                return fail(.invalidPhone, "\(shown) is not + followed by 6 to 15 digits")
            }
            return .text(text)
        case .email:
            return Identifiers.isValidEmail(text) ? .text(text) : fail(.invalidEmail, "\(shown) is not an e-mail address")
        case .iban:
            return Identifiers.checkIBAN(text) == nil ? .text(text) : fail(.invalidIBAN, "\(shown) is not a valid compact IBAN")
        case .bic:
            return Identifiers.isValidBIC(text) ? .text(text) : fail(.invalidBIC, "\(shown) is not a valid BIC")
        case .currency:
            return ISOTables.currencyCodes.contains(text) ? .text(text) : fail(.unknownCurrency, "\(shown) is not an ISO 4217 code")
        case .docType:
            return ValueKind.docType.vocabulary?.contains(text) == true ? .text(text)
                : fail(.unknownDocType, "\(shown) is not \((ValueKind.docType.vocabulary ?? []).joined(separator: " or "))")
        case .verificationMethod:
            return ValueKind.verificationMethod.vocabulary?.contains(text) == true ? .text(text)
                : fail(.unknownVerificationMethod, "\(shown) is not \((ValueKind.verificationMethod.vocabulary ?? []).joined(separator: ", "))")
        case .vendor:
            return (ValueKind.builtInVendors + vendors).contains(text) ? .text(text) : fail(.unknownVendor, "\(shown) is not an accepted vendor")
        case .boolean, .zero:
            return nil
        }
    }

    private func raw(_ value: JSONValue) -> String {
        switch value {
        case let .string(text): text
        case let .number(number): number
        case let .bool(flag): flag ? "true" : "false"
        case .null: "null"
        case .object: "{…}"
        case .array: "[…]"
        }
    }
}
