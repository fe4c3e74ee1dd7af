import Foundation

/// A number as Excel holds it for display: the stored double rounded to 15 significant decimal
/// digits, the most Excel keeps, as decimal digits that round again without binary error.
///
/// Rounding the double itself to a format's decimals is not what Excel shows: 43.625 is a binary
/// tie that `printf` rounds to even (`43.62`), and 1.005 is stored as 1.00499999999999989… (`1.00`).
/// Excel rounds the 15-digit decimal, half away from zero, and shows `43.63` and `1.01`.
struct ExcelDecimal: Equatable {
    var negative: Bool
    /// The ASCII digits left of the decimal point, without leading zeros (none for a value below 1).
    var integer: [UInt8]
    /// The ASCII digits right of the point, without trailing zeros.
    var fraction: [UInt8]

    private static let zero = UInt8(ascii: "0")

    init?(_ value: Double) {
        guard value.isFinite else { return nil }
        negative = value < 0
        // Whole numbers below 10^15 (postal codes, account numbers) are their digits, without formatting text.
        if value.rounded() == value, abs(value) < 1e15 {
            integer = value == 0 ? [] : Array(String(Int(abs(value))).utf8)
            fraction = []
            return
        }
        // Fifteen significant digits, as "%.14e" writes them: d.dddddddddddddde±x.
        let scientific = Array(String(format: "%.14e", abs(value)).utf8)
        guard let e = scientific.firstIndex(of: UInt8(ascii: "e")),
              let exponent = Int(String(decoding: scientific[(e + 1)...], as: UTF8.self)) else { return nil }
        let digits = scientific[..<e].filter { $0 != UInt8(ascii: ".") }
        if exponent >= 0 {
            let split = min(exponent + 1, digits.count)
            integer = Array(digits[..<split]) + Array(repeating: Self.zero, count: exponent + 1 - split)
            fraction = Array(digits[split...])
        } else {
            integer = []
            fraction = Array(repeating: Self.zero, count: -exponent - 1) + digits
        }
        trim()
    }

    /// Rounded to at most `decimals` decimals, half away from zero, as Excel rounds for display.
    func rounded(toDecimals decimals: Int) -> ExcelDecimal {
        guard fraction.count > decimals else { return self }
        var result = self
        result.fraction = Array(fraction[..<decimals])
        if fraction[decimals] >= UInt8(ascii: "5") {
            var digits = result.integer + result.fraction
            var index = digits.count - 1
            while index >= 0, digits[index] == UInt8(ascii: "9") {
                digits[index] = Self.zero
                index -= 1
            }
            if index >= 0 { digits[index] += 1 } else { digits.insert(UInt8(ascii: "1"), at: 0) }
            result.integer = Array(digits[..<(digits.count - decimals)])
            result.fraction = Array(digits[(digits.count - decimals)...])
        }
        result.trim()
        return result
    }

    /// How many zeros follow the decimal point before the first significant digit of a value below 1.
    var leadingFractionZeros: Int {
        integer.isEmpty ? fraction.prefix { $0 == Self.zero }.count : 0
    }

    /// The plain decimal text: `-0.25`, `68.665`, `100000000000000000000`.
    var text: String {
        let whole = integer.isEmpty ? "0" : String(decoding: integer, as: UTF8.self)
        let sign = negative && !(integer.isEmpty && fraction.isEmpty) ? "-" : ""
        return sign + whole + (fraction.isEmpty ? "" : "." + String(decoding: fraction, as: UTF8.self))
    }

    private mutating func trim() {
        if let first = integer.firstIndex(where: { $0 != Self.zero }) { integer.removeFirst(first) } else { integer = [] }
        while fraction.last == Self.zero { fraction.removeLast() }
    }
}
