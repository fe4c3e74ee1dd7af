/// The findings for what office programs and copied text leave in a value unseen: letters a code
/// page lacked, written as `?`, and invisible format characters.
extension Normalizer {
    /// The warning for a name in which an office program replaced letters with `?`.
    static func lostCharacters(_ raw: String, path: String) -> Finding {
        Finding(.warning, .characterLost, field: path, raw: raw,
                "\(quoted(raw)): a ? stands where a letter was, lost when an office program saved the file in a code page without it "
                    + "(Windows-1252 has no ş, ı or ğ); sent as it is: export the file as UTF-8 (CSV UTF-8) and convert again")
    }

    /// What the invisible characters of a value mean: removed with a warning from text, codes and
    /// dates, where the value means the same without them; an error in identifiers, addresses and
    /// numbers that are matched or dialled character for character, where nobody should guess.
    static func invisibleCharacters(_ cleaned: Cleaned, raw: String, kind: ValueKind, path: String) -> Finding? {
        let shown = quoted(showingInvisible(raw))
        if let name = refusingInvisible(kind) {
            return Finding(.error, .invisibleCharacter, field: path, raw: raw,
                           "\(shown) holds \(named(cleaned.invisible)), which no reader sees and \(name) must not hold; delete it where the data comes from")
        }
        let removed = cleaned.invisible.filter { !isJoiner($0) }
        guard !removed.isEmpty else { return nil }
        if cleaned.text.isEmpty {
            return Finding(.error, .invisibleCharacter, field: path, raw: raw,
                           "\(shown) holds nothing but \(named(removed)), which no reader sees; clear the cell or fill it in")
        }
        return Finding(.warning, .invisibleCharacter, field: path, raw: raw,
                       "\(shown) held \(named(removed)), which no reader sees; removed")
    }

    /// What a message calls a value of `kind` that invisible characters make unusable ("an IBAN");
    /// nil where they are removed instead.
    static func refusingInvisible(_ kind: ValueKind) -> String? {
        switch kind {
        case .key: "a key"
        case .attachment: "a file name"
        case .iban: "an IBAN"
        case .bic: "a BIC"
        case .documentNumber: "a document number"
        case .postalCode: "a postal code"
        case .email: "an e-mail address"
        case .phone: "a phone number"
        case .text, .name, .date, .timestamp, .boolean, .booleanString, .zero, .country, .nationality, .issuingCountry, .salutation,
             .title, .currency, .docType, .verificationMethod, .vendor:
            nil
        }
    }

    /// `U+200B (ZERO WIDTH SPACE)` for each different character of `scalars`, joined.
    static func named(_ scalars: [Unicode.Scalar]) -> String {
        var seen: [Unicode.Scalar] = []
        for scalar in scalars where !seen.contains(scalar) { seen.append(scalar) }
        return seen.map { scalar in scalar.properties.name.map { "\(codePoint(scalar)) (\($0))" } ?? codePoint(scalar) }
            .joined(separator: ", ")
    }

    /// `U+200B`: at least four hexadecimal digits, as Unicode writes them.
    static func codePoint(_ scalar: Unicode.Scalar) -> String {
        let digits = String(scalar.value, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }

    /// The text with its invisible characters written as `<U+200B>`, for a message that must show them.
    static func showingInvisible(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            if !scalar.isASCII, isInvisible(scalar) {
                out += "<" + codePoint(scalar) + ">"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
