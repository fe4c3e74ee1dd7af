/// `phone_country: address`: national phone numbers finished with the calling code of the row's
/// own address country, once the whole row is read (a US customer's `(212) 555-0100` is
/// `+12125550100`, a German one's `0351 123456` is `+49351123456`). Every error names the
/// country that was assumed.
struct PhoneCountry: Sendable {
    /// The calling code for rows without an address country, when the mapping gave one.
    let fallback: String?

    func apply(to customer: inout Record, findings: inout [Finding]) {
        customer.modifyRecord("person") { person in
            let country = person.text("country")
            if let mobile = person.text("mobile"), Self.isNational(mobile) {
                if let value = finish(mobile, path: "person.mobile", country: country, findings: &findings) { person["mobile"] = .scalar(value) }
            }
            var numbers = person.array("phonePriv")
            guard numbers.contains(where: { if case let .text(text) = $0 { Self.isNational(text) } else { false } }) else { return }
            for index in numbers.indices {
                guard case let .text(text) = numbers[index], Self.isNational(text) else { continue }
                if let value = finish(text, path: "person.phonePriv[\(index + 1)]", country: country, findings: &findings) { numbers[index] = value }
            }
            person["phonePriv"] = .array(numbers)
        }
    }

    static func isNational(_ text: String) -> Bool {
        !(text.hasPrefix("+") || text.hasPrefix("00"))
    }

    private func finish(_ text: String, path: String, country: String?, findings: inout [Finding]) -> Scalar? {
        let digits = String(text.unicodeScalars.filter { $0.properties.numericType != nil && $0.isASCII })
        func fail(_ message: String) -> Scalar? {
            findings.append(Finding(.error, .invalidPhone, field: path, raw: text, message))
            return nil
        }
        guard digits.count == text.unicodeScalars.filter({ !" -/.()\u{A0}".unicodeScalars.contains($0) }).count else {
            return fail("\(quoted(text)) is not a phone number: only digits, spaces and - / . ( ) may appear")
        }
        guard let country, !country.isEmpty else {
            guard let fallback else {
                return fail("\(quoted(text)) has no country code, and the row gives no address country to take it from (phone_country: address); write the number with +, or give phone_country a default")
            }
            guard digits.hasPrefix("0") else {
                return fail("\(quoted(text)) has neither a leading 0 nor a country code (assumed \(fallback): the row gives no address country)")
            }
            return checked("\(fallback)\(digits.dropFirst())", text, path: path, assumed: "\(fallback), the default for rows without an address country", &findings)
        }
        switch CallingCodes.international(digits, country: country) {
        case let .success(number):
            return checked(number, text, path: path, assumed: "+\(CallingCodes.byCountry[country] ?? "") from the address country \(country)", &findings)
        case .failure(.unknownCountry):
            return fail("\(quoted(text)) has no country code, and no calling code is known here for the address country \(country); write the number with +")
        case .failure(.notNational):
            return fail("\(quoted(text)) is not a national number of \(country) (assumed +\(CallingCodes.byCountry[country] ?? "") from the address country \(country)); write it with its country code")
        }
    }

    private func checked(_ number: String, _ text: String, path: String, assumed: String, _ findings: inout [Finding]) -> Scalar? {
        guard (6...15).contains(number.utf8.count - 1) else {
            findings.append(Finding(.error, .invalidPhone, field: path, raw: text,
                                    "\(quoted(text)) is not a phone number: after + only 6 to 15 digits may follow (assumed \(assumed))"))
            return nil
        }
        return .text(number)
    }
}
