/// `settings.phone_country` from the sample: the calling code that national numbers (a leading 0,
/// no `+`) take, tried on every sampled number with its row's address country.
///
/// With customers in several countries, both `address` (each row's own country, as `PhoneCountry`
/// reads it) and the commonest country's fixed code are tried. A number contradicts a reading that
/// turns it into a number its country does not use: a German mobile number (`0151 …`) of a customer
/// living in Switzerland would become `+41151…`, one Switzerland never gives; a Swiss customer's
/// `079 …` under a fixed `+49` becomes a German number. `address` is proposed when it contradicts
/// nothing, else the reading that contradicts fewer numbers; the line always says what was found.
struct PhoneCountryChoice {
    /// The line's value (`address` or `"+49"`) and why it needs a look, if it does.
    let value: String
    let check: String?

    /// National significant number lengths (after the trunk 0) of countries with a fixed or
    /// narrow plan; a number outside its country's range is not that country's.
    static let lengths: [String: ClosedRange<Int>] = [
        "DE": 6...12, "AT": 4...13, "CH": 9...9, "FR": 9...9, "IT": 6...11, "ES": 9...9, "PT": 9...9, "NL": 9...9, "BE": 8...9,
        "LU": 4...11, "GB": 9...10, "IE": 7...9, "DK": 8...8, "SE": 7...9, "NO": 8...8, "FI": 5...12, "PL": 9...9, "CZ": 9...9,
        "SK": 9...9, "HU": 8...9, "US": 10...10, "CA": 10...10, "AU": 9...9, "GR": 10...10,
    ]

    /// One sampled national number and the address country of its row.
    struct Number {
        let raw: String
        let country: String?
    }

    init(numbers: [Number], countries: [String]) {
        let national = numbers.filter { PhoneCountry.isNational($0.raw.trimmedSpaces) }
        let distinct = CodeAliases.orderedUnique(countries)
        guard distinct.count > 1 else {
            let only = distinct.first ?? "DE"
            self = Self.fixed(only, national, reason: only == "DE" ? nil : "every sampled address is in \(only)")
            return
        }
        // Both readings tried on every number: `address` when it contradicts none and rejects no
        // more than the fixed code, else the one that contradicts fewer (then rejects fewer),
        // the fixed code on a tie.
        let commonest = Self.commonest(countries)
        let address = national.map { Self.underAddress($0) }
        let fixed = national.map { Self.underFixed($0, commonest) }
        let tally = { (outcomes: [Outcome]) in (outcomes.filter { $0 == .contradicted }.count, outcomes.filter { $0 == .rejected }.count) }
        let (addressWrong, addressRejected) = tally(address)
        let (fixedWrong, fixedRejected) = tally(fixed)
        let code = "+\(CallingCodes.byCountry[commonest] ?? "49")"
        func examples(_ outcomes: [Outcome]) -> String {
            zip(national, outcomes).filter { $0.1 == .contradicted }.prefix(3)
                .map { "\(YAMLText.shown($0.0.raw)) at an address in \($0.0.country ?? "?")" }.joined(separator: ", ")
        }
        let addressWins = addressWrong == 0 ? (addressRejected <= fixedRejected || fixedWrong > 0)
            : (addressWrong, addressRejected) < (fixedWrong, fixedRejected)
        if addressWins {
            value = "address"
            check = "customers live in \(distinct.count) countries (\(distinct.prefix(5).joined(separator: ", "))); a national number takes its address country's code"
                + (addressWrong > 0 ? "; \(addressWrong) national numbers do not fit their address country (\(examples(address)))" : "")
                + (fixedWrong > 0 ? "; a fixed \(code) would misread \(fixedWrong)" : "")
        } else {
            value = "\"\(code)\""
            check = "customers live in \(distinct.count) countries (\(distinct.prefix(5).joined(separator: ", "))); not `address`: "
                + (addressWrong > 0 ? "\(addressWrong) national numbers do not fit their address country (\(examples(address)))"
                    : "it rejects \(addressRejected - fixedRejected) more numbers than \(code)")
                + (fixedWrong > 0 ? "; \(fixedWrong) numbers of customers outside \(commonest) look like their own country's (\(examples(fixed)))" : "")
        }
    }

    /// What one national number becomes under a reading.
    enum Outcome {
        case read, rejected, contradicted
    }

    /// `address`: the row's country's code, as `PhoneCountry` gives it; a number the converter
    /// rejects is no wrong value, one it reads into a number its country does not use is.
    static func underAddress(_ number: Number) -> Outcome {
        let digits = String(number.raw.unicodeScalars.filter { $0.isASCII && $0.properties.numericType != nil })
        guard let country = number.country, case .success = CallingCodes.international(digits, country: country) else { return .rejected }
        return contradicts(number.raw, country: country) ? .contradicted : .read
    }

    /// A fixed code: a number without its trunk 0 is rejected; one of a customer abroad that fits
    /// their own country's plan is read as this country's, which it is not.
    static func underFixed(_ number: Number, _ country: String) -> Outcome {
        guard number.raw.trimmedSpaces.hasPrefix("0") else { return .rejected }
        if let own = number.country, own != country, lengths[own] != nil, underAddress(number) == .read { return .contradicted }
        return contradicts(number.raw, country: country) ? .contradicted : .read
    }

    private init(value: String, check: String?) {
        self.value = value
        self.check = check
    }

    /// A fixed code for `country`, checked against every national number.
    private static func fixed(_ country: String, _ national: [Number], reason: String?) -> PhoneCountryChoice {
        let code = CallingCodes.byCountry[country] ?? "49"
        let value = "\"+\(code)\""
        let contradicting = national.filter { contradicts($0.raw, country: country) }
        var reasons = reason.map { [$0] } ?? []
        if !contradicting.isEmpty {
            reasons.append("\(contradicting.count) national numbers do not fit +\(code): "
                + contradicting.prefix(3).map { YAMLText.shown($0.raw) }.joined(separator: ", "))
        }
        return PhoneCountryChoice(value: value, check: reasons.isEmpty ? nil : reasons.joined(separator: "; "))
    }

    /// Whether the national number `raw` cannot be one of `country`'s: its address country's
    /// code gives a number of a length that country does not use, or it has the shape of a
    /// German mobile number (015…, 016…, 017…) outside Germany.
    static func contradicts(_ raw: String, country: String?) -> Bool {
        let digits = String(raw.unicodeScalars.filter { $0.isASCII && $0.properties.numericType != nil })
        guard let country, !digits.isEmpty else { return false }
        if country != "DE", isGermanMobile(digits) { return true }
        guard case let .success(number) = CallingCodes.international(digits, country: country), let code = CallingCodes.byCountry[country],
              let range = lengths[country] else { return false }
        return !range.contains(number.count - 1 - code.count)
    }

    /// `0151 2345678`, `0176 23456789`: 0, then 15, 16 or 17, eleven or twelve digits in all.
    static func isGermanMobile(_ digits: String) -> Bool {
        let bytes = Array(digits.utf8)
        return (11...12).contains(bytes.count) && bytes[0] == 0x30 && bytes[1] == 0x31 && (0x35...0x37).contains(bytes[2])
    }

    static func commonest(_ countries: [String]) -> String {
        var counts: [String: Int] = [:]
        for country in countries { counts[country, default: 0] += 1 }
        // Germany wins a tie: the tool's default, and the home of most partners' customers.
        return counts.max { ($0.value, $0.key == "DE" ? 1 : 0) < ($1.value, $1.key == "DE" ? 1 : 0) }?.key ?? "DE"
    }
}
