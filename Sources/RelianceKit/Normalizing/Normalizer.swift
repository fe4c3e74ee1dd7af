import Foundation

/// Turns one raw cell value into the canonical form its field type asks for, or explains why it cannot.
struct Normalizer: Sendable {
    let settings: Settings
    let dates: DateReader
    /// Whether date leaves also read the office variants of their patterns: the input is a
    /// fed-back `rejects.csv`, which a person may have saved again in an office program.
    let readsOfficeSpellings: Bool

    init(settings: Settings, asOf: CivilDate, readsOfficeSpellings: Bool = false) {
        self.settings = settings
        self.readsOfficeSpellings = readsOfficeSpellings
        dates = DateReader(order: settings.dateOrder, asOf: asOf,
                           zone: TimeZone(identifier: settings.timezone) ?? TimeZone(secondsFromGMT: 0) ?? .current)
    }

    /// Normalizes a non-empty `raw` value for a field of `kind` at `path`.
    /// Problems go to `findings`; nil means the value is unusable (error) or left out (warning).
    func normalize(_ raw: String, kind: ValueKind, patterns: [DatePattern], path: String, findings: inout [Finding]) -> Scalar? {
        let fresh = fresh(raw, kind: kind, patterns: patterns, path: path)
        findings.append(contentsOf: fresh.findings)
        if fresh.rewritten, let value = fresh.value { findings.append(Normalizer.note(raw, value, path: path)) }
        return fresh.value
    }

    /// Normalizes a non-empty `raw` value read through `leaf`, whose kind is `kind`, remembering
    /// results in the leaf's `memo`.
    /// - Parameter notes: where the note that explains a rewritten value goes: into `findings`, or
    ///   counted in `memo.rewritten` (and, with `.log`, logged in `log`).
    func normalize(_ raw: String, kind: ValueKind, leaf: Leaf, memo: ValueMemo, path: String, notes: NoteKeeping = .findings,
                   log: NoteLog? = nil, findings: inout [Finding]) -> Scalar? {
        // Plain text is only cleaned: never rewritten, never remembered, so it skips both. Most
        // values are clean as they stand; the others go the long way, which reports a control or
        // invisible character.
        if kind.isPlainText {
            if Normalizer.isClean(raw) {
                if kind == .name, LostCharacters.appear(in: raw) { findings.append(Normalizer.lostCharacters(raw, path: path)) }
                return .text(raw)
            }
            let fresh = fresh(raw, kind: kind, patterns: [], path: path)
            if !fresh.findings.isEmpty { findings.append(contentsOf: fresh.findings) }
            return fresh.value
        }
        // A note is last among a value's findings, and its text is built only when it is kept:
        // most rows count and log their notes instead.
        let remembered = memo.withHit(raw) { hit in
            // Remembered findings were made at another row's path.
            for finding in hit.findings { findings.append(finding.at(path)) }
            if hit.rewritten, let value = hit.value { Normalizer.keep(notes, log, raw, value, path: path, memo: memo, findings: &findings) }
            return hit.value
        }
        if let remembered { return remembered }
        let fresh = fresh(raw, kind: kind, patterns: readsOfficeSpellings ? leaf.officePatterns : leaf.patterns, path: path)
        memo.store(raw, value: fresh.value, findings: fresh.findings, rewritten: fresh.rewritten)
        // Most values have no findings, and appending an empty array is a call of its own.
        if !fresh.findings.isEmpty { findings.append(contentsOf: fresh.findings) }
        if fresh.rewritten, let value = fresh.value { Normalizer.keep(notes, log, raw, value, path: path, memo: memo, findings: &findings) }
        return fresh.value
    }

    private static func keep(_ notes: NoteKeeping, _ log: NoteLog?, _ raw: String, _ value: Scalar, path: String, memo: ValueMemo,
                             findings: inout [Finding]) {
        switch notes {
        case .findings:
            findings.append(Normalizer.note(raw, value, path: path))
        case .log:
            memo.rewritten += 1
            log?.add(raw, value, path: path)
        case .count:
            memo.rewritten += 1
        }
    }

    /// The note that explains a rewritten value ("read "Deutschland" as DE").
    static func note(_ raw: String, _ value: Scalar, path: String) -> Finding {
        Finding(.note, .normalized, field: path, raw: raw, "read \(quoted(raw)) as \(value.shown ?? "")")
    }

    /// Normalizes `raw` afresh: the value, its errors and warnings, and whether the value was
    /// rewritten beyond trimming (which a note explains, see `note`).
    private func fresh(_ raw: String, kind: ValueKind, patterns: [DatePattern],
                       path: String) -> (value: Scalar?, findings: [Finding], rewritten: Bool) {
        var findings: [Finding] = []
        var text = raw
        if !Normalizer.isClean(raw) {
            // A file name keeps its exact code points: a name in decomposed form (NFD, as macOS
            // writes them) must still find its file.
            guard let cleaned = Normalizer.cleanSlowly(raw, compose: kind != .attachment, dropInvisible: true) else {
                findings.append(Finding(.error, .controlCharacter, field: path, raw: raw, "\(quoted(raw)) holds a control character; remove it"))
                return (nil, findings, false)
            }
            text = cleaned.text
            if !cleaned.invisible.isEmpty, let finding = Normalizer.invisibleCharacters(cleaned, raw: raw, kind: kind, path: path) {
                findings.append(finding)
                if finding.severity == .error { return (nil, findings, false) }
            }
        }
        let value = canonical(text, raw: raw, kind: kind, patterns: patterns, path: path, findings: &findings)
        guard let value, value.rewrites(text) else { return (value, findings, false) }
        return (value, findings, true)
    }

    /// The canonical form of `text`, `raw` cleaned (trimmed, inner spaces single, composed).
    private func canonical(_ text: String, raw: String, kind: ValueKind, patterns: [DatePattern], path: String,
                           findings: inout [Finding]) -> Scalar? {
        func fail(_ code: FindingCode, _ message: String) -> Scalar? {
            findings.append(Finding(.error, code, field: path, raw: raw, message))
            return nil
        }
        switch kind {
        case .text, .key, .attachment:
            return .text(text)
        case .name:
            if LostCharacters.appear(in: text) { findings.append(Normalizer.lostCharacters(raw, path: path)) }
            return .text(text)
        case .documentNumber, .postalCode:
            if Identifiers.isScientificNotation(text) {
                return fail(.spreadsheetDamage, "\(quoted(raw)) is in scientific notation: a spreadsheet destroyed this value; export the column as text")
            }
            return .text(text)
        case let .date(role):
            switch dates.readDate(text, patterns: patterns, role: role) {
            case let .success(reading):
                if let doubt = dates.ambiguousBirthYear(reading, raw: raw, role: role) { return fail(.ambiguousBirthYear, doubt) }
                return .date(reading.date)
            case let .failure(problem):
                return fail(.invalidDate, dates.explain(problem, raw: raw, text: text, patterns: patterns, role: role))
            }
        case .timestamp:
            switch dates.readTimestamp(text, patterns: patterns) {
            case let .success(stamp): return .timestamp(stamp)
            case let .failure(problem):
                return fail(.invalidTimestamp, dates.explain(problem, raw: raw, text: text, patterns: patterns, role: nil))
            }
        case .boolean, .booleanString:
            guard let value = Booleans.value(text, aliases: settings.aliases["boolean"] ?? [:]) else {
                return fail(.invalidBoolean, "\(quoted(raw)) is not yes or no (use ja/nein, yes/no, true/false, 1/0, x)")
            }
            return kind == .boolean ? .bool(value) : .boolString(value)
        case .zero:
            return .zero
        case .country, .nationality, .issuingCountry:
            // A travel document's codes (`D`) count for the issuing state and nationalities only.
            let travelDocument = kind != .country
            guard let code = Countries.code(for: text, nationality: kind == .nationality, travelDocument: travelDocument,
                                            aliases: settings.aliases["country"] ?? [:]) else {
                if travelDocument, let meaning = TravelDocumentCodes.meaning(of: text) {
                    return fail(.noISOCountry, "\(quoted(raw)) is the travel-document code (ICAO 9303) of \(meaning); "
                        + "it names no ISO 3166-1 country, and the import takes only those")
                }
                let hint = Countries.suggestion(for: text).map { "; did you mean \($0)?" } ?? "; use an ISO code such as DE or a country name"
                return fail(.unknownCountry, "\(quoted(raw)) is not a known country\(hint)")
            }
            return .text(code)
        case .salutation:
            guard let value = Salutations.canonical(text, aliases: settings.aliases["salutation"] ?? [:]) else {
                findings.append(Finding(.warning, .unknownSalutation, field: path, raw: raw,
                                        "\(quoted(raw)) is neither Herr nor Frau; the salutation was left out"))
                return nil
            }
            return .text(value)
        case .title:
            guard let value = Titles.canonical(text, aliases: settings.aliases["title"] ?? [:]) else {
                findings.append(Finding(.warning, .unknownTitle, field: path, raw: raw,
                                        "\(quoted(raw)) is not Dr., Prof. or Prof. Dr.; the title was left out"))
                return nil
            }
            return .text(value)
        case .phone:
            // With `phone_country: address` the row's country decides: `PhoneCountry` finishes the
            // number once the row is read. International numbers are the same either way.
            if settings.phoneCountryFromAddress, !(text.hasPrefix("+") || text.hasPrefix("00")) {
                if Identifiers.isScientificNotation(text) {
                    return fail(.spreadsheetDamage, "\(quoted(raw)) is in scientific notation: a spreadsheet destroyed this phone number")
                }
                return .text(text)
            }
            return phone(text, raw: raw, path: path, findings: &findings)
        case .email:
            if LostCharacters.appear(in: text) {
                return fail(.characterLost, "\(quoted(raw)): a ? stands where a letter was, lost when an office program saved the file in a "
                    + "code page without it; an address cannot be sent like this: export the file as UTF-8 (CSV UTF-8) and convert again")
            }
            guard Identifiers.isValidEmail(text) else { return fail(.invalidEmail, "\(quoted(raw)) is not an e-mail address") }
            return .text(text)
        case .iban:
            if Identifiers.isScientificNotation(text) {
                return fail(.spreadsheetDamage, "\(quoted(raw)) is in scientific notation: a spreadsheet destroyed this IBAN")
            }
            // Usually already compact and upper case: then the text is the IBAN as it is.
            let compact = !text.anyByte { $0 == 0x20 || $0 == 0x2D || (0x61...0x7A).contains($0) }
            let iban = compact ? text : text.filter { $0 != " " && $0 != "-" }.uppercased()
            switch Identifiers.checkIBAN(iban) {
            case nil: return .text(iban)
            case .badCharacters?: return fail(.invalidIBAN, "\(quoted(raw)) is not an IBAN (two letters, two check digits, then letters and digits)")
            case let .unknownCountry(country)?: return fail(.invalidIBAN, "\(quoted(raw)): \(country) is not a country that uses IBANs")
            case let .wrongLength(country, expectedLength, actual)?:
                return fail(.invalidIBAN, "\(quoted(raw)) has \(actual) characters; an IBAN from \(country) has \(expectedLength)")
            case .checksum?: return fail(.invalidIBAN, "\(quoted(raw)) fails the IBAN checksum; a character is wrong or swapped")
            }
        case .bic:
            // Usually already compact and upper case: then the text is the BIC as it is.
            let compact = text.allBytes { (0x41...0x5A).contains($0) || (0x30...0x39).contains($0) }
            let bic = compact ? text : text.filter { $0 != " " }.uppercased()
            guard Identifiers.isValidBIC(bic) else {
                return fail(.invalidBIC, "\(quoted(raw)) is not a BIC (8 or 11 letters and digits with a country code at positions 5–6)")
            }
            return .text(bic)
        case .currency:
            var code = text.uppercased()
            if code == "€" || code == "EURO" { code = "EUR" }
            guard ISOTables.currencyCodes.contains(code) else {
                return fail(.unknownCurrency, "\(quoted(raw)) is not an ISO 4217 currency code such as EUR")
            }
            return .text(code)
        case .docType:
            return enumValue(text, raw: raw, allowed: ValueKind.docType.vocabulary ?? [], code: .unknownDocType, path: path, findings: &findings)
        case .verificationMethod:
            return enumValue(text, raw: raw, allowed: ValueKind.verificationMethod.vocabulary ?? [], code: .unknownVerificationMethod, path: path, findings: &findings)
        case .vendor:
            return enumValue(text, raw: raw, allowed: ValueKind.builtInVendors + settings.vendors, code: .unknownVendor, path: path, findings: &findings)
        }
    }

    /// Case-insensitive match ignoring spaces, hyphens and underscores (`WebID`, `ID-Card`).
    private func enumValue(_ text: String, raw: String, allowed: [String], code: FindingCode, path: String, findings: inout [Finding]) -> Scalar? {
        let key = text.uppercased().filter { $0 != " " && $0 != "-" && $0 != "_" }
        if let match = allowed.first(where: { $0.filter { $0 != " " && $0 != "-" && $0 != "_" } == key }) { return .text(match) }
        findings.append(Finding(.error, code, field: path, raw: raw, "\(quoted(raw)) is not one of \(allowed.joined(separator: ", "))"))
        return nil
    }

    private func phone(_ text: String, raw: String, path: String, findings: inout [Finding]) -> Scalar? {
        if Identifiers.isScientificNotation(text) {
            findings.append(Finding(.error, .spreadsheetDamage, field: path, raw: raw,
                                    "\(quoted(raw)) is in scientific notation: a spreadsheet destroyed this phone number"))
            return nil
        }
        let country = settings.phoneCountry.utf8
        // One pass into one buffer on the stack: "+49 (0)351 …" loses the bracketed trunk 0, which
        // is dialled only within the country, after a country code; separators and the no-break
        // space (C2 A0) spreadsheets put in formatted numbers go. The text is read in place.
        var text = text
        let number: String? = text.withUTF8 { input in
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: input.count + country.count) { buffer in
                let international = input.first == UInt8(ascii: "+") || input.starts(with: [0x30, 0x30])
                var count = 0
                var index = input.startIndex
                while index != input.endIndex {
                    let byte = input[index]
                    let next = input.index(after: index)
                    if international, byte == UInt8(ascii: "("), next != input.endIndex, input[next] == 0x30 {
                        let close = input.index(after: next)
                        if close != input.endIndex, input[close] == UInt8(ascii: ")") {
                            index = input.index(after: close)
                            continue
                        }
                    }
                    if byte == 0xC2, next != input.endIndex, input[next] == 0xA0 {
                        index = input.index(after: next)
                        continue
                    }
                    if byte != 0x20, byte != 0x2D, byte != 0x2F, byte != 0x2E, byte != 0x28, byte != 0x29 {
                        buffer[count] = byte
                        count += 1
                    }
                    index = next
                }
                // "00…" and "+…" are international; a leading 0 takes the configured country code.
                var start = 0
                if count >= 2, buffer[0] == 0x30, buffer[1] == 0x30 {
                    start = 1
                    buffer[1] = UInt8(ascii: "+")
                } else if count >= 1, buffer[0] == 0x30 {
                    // The country code ("+49", at least two bytes) takes the place of the 0.
                    let shift = country.count - 1
                    for position in stride(from: count - 1, through: 1, by: -1) { buffer[position + shift] = buffer[position] }
                    for (offset, byte) in country.enumerated() { buffer[offset] = byte }
                    count += shift
                } else if count == 0 || buffer[0] != UInt8(ascii: "+") {
                    return nil
                }
                return String(decoding: UnsafeBufferPointer(rebasing: buffer[start..<count]), as: UTF8.self)
            }
        }
        guard let number else {
            findings.append(Finding(.error, .invalidPhone, field: path, raw: raw,
                                    "\(quoted(raw)) has neither a leading 0 nor a country code; if a spreadsheet dropped the 0, restore it"))
            return nil
        }
        let digits = number.utf8.dropFirst()
        guard (6...15).contains(digits.count), digits.allSatisfy({ (0x30...0x39).contains($0) }) else {
            findings.append(Finding(.error, .invalidPhone, field: path, raw: raw,
                                    "\(quoted(raw)) is not a phone number: after + only 6 to 15 digits may follow"))
            return nil
        }
        return .text(number)
    }
}
