import Foundation

/// Cleaning a cell before it is read: trimmed, inner whitespace single, composed (NFC), control
/// characters refused and invisible format characters found.
extension Normalizer {
    /// A value cleaned the long way.
    struct Cleaned {
        let text: String
        /// The invisible format characters the value held (see `isInvisible`), in order.
        let invisible: [Unicode.Scalar]
    }

    /// Trims, collapses inner whitespace and composes to NFC; nil when a control character remains.
    /// Invisible format characters stay in the text: where `normalize` reads a value it reports them,
    /// and a customer id that holds one makes no valid key.
    static func clean(_ raw: String, compose: Bool = true) -> String? {
        isClean(raw) ? raw : cleanSlowly(raw, compose: compose, dropInvisible: false)?.text
    }

    /// Whether `raw` is clean as it stands, answered from a quick look at its bytes: most cells
    /// are printable text with single inner spaces. Letters below U+0300 (two bytes led by C2…CB,
    /// C2 only above the no-break space) are already composed and never whitespace, so umlauts and
    /// accents pass too; the soft hyphen (C2 AD), an invisible character, does not. Printable ASCII
    /// is tested first, with one comparison, and costs nothing more.
    static func isClean(_ raw: String) -> Bool {
        let bytes = raw.utf8.span
        var previous: UInt8 = 0x20
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            if byte &- 0x21 < 0x5E {
                previous = byte
            } else if byte == 0x20, previous != 0x20 {
                previous = byte
            } else if byte >= 0xC2, byte <= 0xCB, index < bytes.count, byte != 0xC2 || (bytes[index] > 0xA0 && bytes[index] != 0xAD) {
                // The text is valid UTF-8, so the byte after a lead byte is its continuation.
                previous = bytes[index]
                index += 1
            } else {
                return false
            }
        }
        return previous != 0x20
    }

    /// Cleaning itself, scalar by scalar; `isClean` answers most cells first. Nil when a control
    /// character remains.
    /// - Parameter dropInvisible: whether invisible characters are left out of the text (all but
    ///   the joiners, see `isJoiner`); they are listed either way.
    static func cleanSlowly(_ raw: String, compose: Bool, dropInvisible: Bool) -> Cleaned? {
        var out = String.UnicodeScalarView()
        var invisible: [Unicode.Scalar] = []
        var pendingSpace = false
        var needsNFC = false
        for scalar in raw.unicodeScalars {
            let isSpace = scalar.isASCII ? (scalar == " " || (0x09...0x0D).contains(scalar.value)) : scalar.properties.isWhitespace
            if isSpace {
                pendingSpace = !out.isEmpty
                continue
            }
            if scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) { return nil }
            if !scalar.isASCII, isInvisible(scalar) {
                invisible.append(scalar)
                if dropInvisible, !isJoiner(scalar) { continue }
            }
            if pendingSpace { out.append(" "); pendingSpace = false }
            if scalar.value >= 0x300 { needsNFC = true }
            out.append(scalar)
        }
        let text = String(out)
        return Cleaned(text: needsNFC && compose ? text.precomposedStringWithCanonicalMapping : text, invisible: invisible)
    }

    /// Whether `scalar` is a format character no reader sees (general category Cf and default
    /// ignorable): the soft hyphen, zero-width space, word joiner, byte-order mark, direction marks,
    /// embeddings, overrides and isolates, tag characters. Not the format characters that show (the
    /// Arabic number signs).
    static func isInvisible(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value == 0xAD
            || (scalar.value >= 0x600 && scalar.properties.generalCategory == .format && scalar.properties.isDefaultIgnorableCodePoint)
    }

    /// The zero-width non-joiner and joiner (U+200C, U+200D): invisible, but part of the spelling
    /// of Persian and Indic names and of emoji, so text keeps them. Identifiers refuse them.
    static func isJoiner(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value == 0x200C || scalar.value == 0x200D
    }

}
