/// Country calling codes (ITU-T E.164) by ISO 3166-1 alpha-2, for `phone_country: address`: a
/// national number takes the code of the customer's address country. Countries missing here are
/// not guessed: their national numbers need a `+` in the export.
enum CallingCodes {
    static let byCountry: [String: String] = [
        "DE": "49", "AT": "43", "CH": "41", "LI": "423", "FR": "33", "IT": "39", "SM": "378", "VA": "39", "ES": "34", "PT": "351",
        "NL": "31", "BE": "32", "LU": "352", "GB": "44", "IE": "353", "DK": "45", "SE": "46", "NO": "47", "FI": "358", "IS": "354",
        "PL": "48", "CZ": "420", "SK": "421", "HU": "36", "SI": "386", "HR": "385", "RO": "40", "BG": "359", "GR": "30", "CY": "357",
        "MT": "356", "EE": "372", "LV": "371", "LT": "370", "MC": "377", "AD": "376", "RS": "381", "BA": "387", "ME": "382",
        "MK": "389", "AL": "355", "XK": "383", "MD": "373", "UA": "380", "BY": "375", "RU": "7", "KZ": "7", "TR": "90", "IL": "972",
        "US": "1", "CA": "1", "PR": "1", "MX": "52", "BR": "55", "AR": "54", "CL": "56", "CO": "57", "PE": "51", "VE": "58",
        "AU": "61", "NZ": "64", "JP": "81", "KR": "82", "CN": "86", "HK": "852", "MO": "853", "TW": "886", "SG": "65", "MY": "60",
        "TH": "66", "VN": "84", "PH": "63", "ID": "62", "IN": "91", "PK": "92", "BD": "880", "LK": "94", "AE": "971", "SA": "966",
        "QA": "974", "KW": "965", "BH": "973", "OM": "968", "JO": "962", "LB": "961", "EG": "20", "MA": "212", "DZ": "213",
        "TN": "216", "ZA": "27", "NG": "234", "KE": "254", "GH": "233", "IR": "98", "IQ": "964", "SY": "963", "AF": "93",
        "GE": "995", "AM": "374", "AZ": "994",
    ]

    /// Countries of the North American Numbering Plan: ten-digit national numbers, optionally after a 1.
    static let northAmerican: Set<String> = ["US", "CA", "PR"]
    /// Countries whose numbers keep their leading 0 after the country code (Italy's 06 …).
    static let keepsLeadingZero: Set<String> = ["IT", "SM", "VA"]
    /// Countries whose national numbers have no trunk prefix: dialled as written after the code.
    static let noTrunkPrefix: Set<String> = ["ES", "PT", "DK", "NO", "GR", "LU", "IS", "MT", "CY", "EE", "LV", "PL", "CZ", "MC", "AD",
                                             "LI", "SG", "HK", "MO", "QA", "KW", "BH", "OM"]

    /// The number in international form for a customer in `country`, or why it cannot be.
    static func international(_ digits: String, country: String) -> Result<String, Problem> {
        guard let code = byCountry[country] else { return .failure(.unknownCountry) }
        if northAmerican.contains(country) {
            // An area code never starts with 0 or 1.
            let areaStarts: ClosedRange<Character> = "2"..."9"
            if digits.count == 10, let first = digits.first, areaStarts.contains(first) { return .success("+1" + digits) }
            if digits.count == 11, digits.hasPrefix("1"), let area = digits.dropFirst().first, areaStarts.contains(area) { return .success("+" + digits) }
            return .failure(.notNational)
        }
        if digits.hasPrefix("0") {
            return .success("+" + code + (keepsLeadingZero.contains(country) ? digits : String(digits.dropFirst())))
        }
        if noTrunkPrefix.contains(country) || keepsLeadingZero.contains(country) { return .success("+" + code + digits) }
        return .failure(.notNational)
    }

    enum Problem: Error {
        case unknownCountry
        case notNational
    }
}
