/// The customer's fields, each proposed, tried on the sample and written with its checks.
extension ScaffoldWriter {
    /// A leaf's value as written, and why a person must look at it.
    struct Proposal {
        var value: String
        var checks: [String] = []
    }

    mutating func writeField(_ field: Field, path: String, indent: Int) {
        let pad = String(repeating: "  ", count: indent)
        switch (field.name, field.shape) {
        case (_, .value(.key)), ("modified", _), ("type", _):
            return
        case ("street", _):
            street(indent: indent)
        case ("title", _):
            let choice = TitleChoice(title: matches["person.title"], salutation: matches["person.salutation"], sample: sample, normalizer: normalizer)
            if let column = choice.column { decide(path, column, choice.check) }
            if let value = choice.value {
                lines.append(pad + "title: \(value)" + comment(choice.check.map { [$0] } ?? []))
            } else {
                lines.append(pad + "# title:" + (choice.check.map { "   # \(Self.oneLine($0))" } ?? ""))
            }
        case ("foreName", _) where matches["middleName"] != nil && matches["person.foreName"] != nil:
            // All forenames: the first and middle name columns joined.
            guard let first = matches["person.foreName"], let middle = matches["middleName"] else { return }
            decide(path, first, nil)
            decide("middleName", middle, nil)
            lines.append(pad + "foreName: { columns: [\(YAMLText.scalar(first.column)), \(YAMLText.scalar(middle.column))] }"
                         + comment(confidenceCheck(first.confidence <= middle.confidence ? first : middle)))
        case ("customFields", _):
            lines.append(pad + "customFields:")
            if let kyc = matches["person.customFields.KYC"] {
                lines.append(pad + "  - { name: { const: KYC }, value: \(YAMLText.scalar(kyc.column)) }" + comment(confidenceCheck(kyc)))
                decide("person.customFields.KYC", kyc, nil)
            } else if let vendor = matches["person.verification.vendor"] {
                // The KYC provider is the identification's vendor in every export seen so far.
                let check = "the KYC provider read from the vendor's column \(YAMLText.shown(vendor.column))"
                lines.append(pad + "  - { name: { const: KYC }, value: \(YAMLText.scalar(vendor.column)) }" + comment([check]))
                decide("person.customFields.KYC", vendor, check)
            } else {
                lines.append(pad + "  - { name: { const: KYC }, value: TODO }   # required: the column naming the KYC provider, or { const: IDNOW }")
                decisions.append(MappingScaffold.Decision(path: "person.customFields.KYC", column: nil, confidence: 0))
            }
        case ("bankAccounts", let .list(children)):
            bankAccount(children, indent: indent)
        case (_, let .object(children)):
            if field.name == "professional" {
                lines.append(pad + "professional:")
                leaf("isProfessional", path: path + ".isProfessional", kind: .boolean, required: true, indent: indent + 1)
                lines.append(pad + "  # classification, declarations, signature, meta: required when isProfessional is true")
                return
            }
            lines.append(pad + field.name + ":")
            for child in children { writeField(child, path: path + "." + child.name, indent: indent + 1) }
        case (_, let .value(kind)), (_, let .array(kind)):
            leaf(field.name, path: path, kind: kind, required: field.requirement == .required, indent: indent,
                 split: { if case .array = field.shape { true } else { false } }())
        case (_, .list):
            return
        }
    }

    mutating func leaf(_ name: String, path: String, kind: ValueKind, required: Bool, indent: Int, split: Bool = false) {
        let pad = String(repeating: "  ", count: indent)
        guard let match = matches[path] else {
            if required {
                lines.append(pad + "\(name): TODO   # required: no column matched; name a column or write { const: … }")
                decisions.append(MappingScaffold.Decision(path: path, column: nil, confidence: 0))
            } else {
                lines.append(pad + "# \(name):")
            }
            return
        }
        var proposal: Proposal
        if split {
            proposal = arrayProposal(match, path: path, kind: kind)
        } else {
            proposal = propose(match, kind: kind)
        }
        proposal.checks = confidenceCheck(match) + proposal.checks
        decide(path, match, proposal.checks.isEmpty ? nil : proposal.checks.joined(separator: "; "))
        lines.append(pad + "\(name): \(proposal.value)" + comment(proposal.checks))
    }

    /// An array field: numbered sibling columns (`Telefon`, `Telefon2`) as a list of leaves, else
    /// one column split by the separator its values use; each value tried.
    mutating func arrayProposal(_ match: ColumnMatcher.Match, path: String, kind: ValueKind) -> Proposal {
        let base = ColumnMatcher.key(match.column)
        let taken = Set(matches.values.map(\.index))
        let siblings = sample.columns.filter { column in
            guard column.canBeNamed, column.index != match.index, !taken.contains(column.index) else { return false }
            let key = ColumnMatcher.key(column.name)
            return key.hasPrefix(base) && key.count > base.count && key.dropFirst(base.count).allSatisfy(\.isNumber)
        }
        var checks: [String] = []
        let split = siblings.isEmpty ? separator(in: sample.values(match.index)) : nil
        for column in [(match.index, match.column)] + siblings.map({ ($0.index, $0.name) }) {
            let trial = LineTrial(column: column.0, name: column.1, kind: kind, split: split, rows: sample.rows, normalizer: normalizer)
            if let problem = trial.problemSummary { checks.append(siblings.isEmpty ? problem : "\(YAMLText.shown(column.1)): \(problem)") }
        }
        for sibling in siblings { decisions.append(MappingScaffold.Decision(path: path, column: sibling.name, confidence: match.confidence)) }
        let value = siblings.isEmpty
            ? "{ column: \(YAMLText.scalar(match.column)), split: \(YAMLText.quoted(split ?? "")) }"
            : "[" + ([match.column] + siblings.map(\.name)).map(YAMLText.scalar).joined(separator: ", ") + "]"
        return Proposal(value: value, checks: checks)
    }

    /// A column with the date `format` or value `map` its sample values call for, tried on the
    /// sample: values that are rejected or warned are named in a check.
    func propose(_ match: ColumnMatcher.Match, kind: ValueKind) -> Proposal {
        let values = sample.values(match.index)
        let column = YAMLText.scalar(match.column)
        var proposal = Proposal(value: column)
        var formats: [String] = []
        var map: [(String, String)] = []
        switch kind {
        case .date, .timestamp:
            let order = dateEvidence.order
            let guess = DateFormatGuess.guess(for: values, order: order ?? .dmy, orderShown: order != nil)
            formats = guess.formats
            if let check = guess.check { proposal.checks.append(check) }
            if !formats.isEmpty {
                let list = formats.count == 1 ? YAMLText.scalar(formats[0]) : "[" + formats.map(YAMLText.scalar).joined(separator: ", ") + "]"
                proposal.value = "{ column: \(column), format: \(list) }"
            }
        case .docType, .verificationMethod, .vendor:
            map = EnumGuess.map(for: values, kind: kind, normalizer: normalizer).map { ($0.key, $0.value) }
        case .salutation:
            if let codes = CodeAliases.salutations(codes: values, column: match.index, sample: sample) {
                map = codes.table
                proposal.checks.append("codes " + codes.table.map { "\(YAMLText.shown($0.0)) → \($0.1)" }.joined(separator: ", ") + ": " + codes.reason)
            }
        case .boolean, .booleanString:
            map = CodeAliases.booleans(values)
            if !map.isEmpty {
                proposal.checks.append("read by their words: " + map.map { "\(YAMLText.shown($0.0)) → \($0.1)" }.joined(separator: ", "))
            }
        default:
            break
        }
        if !map.isEmpty {
            proposal.value = "{ column: \(column), map: { " + map.map { "\(YAMLText.scalar($0.0)): \(YAMLText.scalar($0.1))" }.joined(separator: ", ") + " } }"
        }
        let trial = LineTrial(column: match.index, name: match.column, kind: kind, map: Dictionary(map, uniquingKeysWith: { first, _ in first }),
                              formats: formats, rows: sample.rows, normalizer: normalizer)
        if let problem = trial.problemSummary { proposal.checks.append(problem) }
        return proposal
    }

    mutating func street(indent: Int) {
        let pad = String(repeating: "  ", count: indent)
        guard let street = matches["person.street"] else {
            lines.append(pad + "street: TODO   # required: no column matched; name a column or write { const: … }")
            decisions.append(MappingScaffold.Decision(path: "person.street", column: nil, confidence: 0))
            return
        }
        decide("person.street", street, nil)
        if let number = matches["houseNumber"] {
            decide("houseNumber", number, nil)
            let template = "{\(AccountHolderChoice.placeholder(street.column))} {\(AccountHolderChoice.placeholder(number.column))}"
            lines.append(pad + "street: \(YAMLText.scalar(template))" + comment(confidenceCheck(street)))
        } else {
            lines.append(pad + "street: \(YAMLText.scalar(street.column))" + comment(confidenceCheck(street)))
        }
    }

    mutating func bankAccount(_ children: [Field], indent: Int) {
        let pad = String(repeating: "  ", count: indent)
        guard let iban = matches["person.bankAccounts.iban"] else {
            lines.append(pad + "# bankAccounts:                 # no IBAN column found")
            return
        }
        var parts: [String] = []
        var checks = confidenceCheck(iban)
        let holder = AccountHolderChoice(holder: matches["person.bankAccounts.accountHolder"], surname: matches["person.surName"],
                                         forename: matches["person.foreName"], sample: sample)
        if let value = holder.value { parts.append("accountHolder: \(value)") }
        if let column = holder.column { decide("person.bankAccounts.accountHolder", column, holder.check) }
        if let check = holder.check { checks.append(check) }
        for child in children where ["iban", "bic", "bank", "currency"].contains(child.name) {
            guard let match = matches["person.bankAccounts." + child.name], case let .value(kind) = child.shape else { continue }
            let proposal = propose(match, kind: kind)
            parts.append("\(child.name): \(proposal.value)")
            checks += proposal.checks.map { "\(child.name): \($0)" }
            decide("person.bankAccounts." + child.name, match, proposal.checks.isEmpty ? nil : proposal.checks.joined(separator: "; "))
        }
        if matches["person.bankAccounts.currency"] == nil { parts.append("currency: { const: EUR }") }
        lines.append(pad + "bankAccounts:")
        lines.append(pad + "  - { " + parts.joined(separator: ", ") + " }" + comment(checks))
    }

    mutating func decide(_ path: String, _ match: ColumnMatcher.Match, _ check: String?) {
        decisions.append(MappingScaffold.Decision(path: path, column: match.column, confidence: match.confidence, check: check))
    }
}
