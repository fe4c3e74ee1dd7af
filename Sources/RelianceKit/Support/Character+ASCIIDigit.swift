extension Character {
    /// `0` to `9` only: not other scripts' digits, not fractions or superscripts.
    var isASCIIDigit: Bool { isASCII && isNumber }
}
