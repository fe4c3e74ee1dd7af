import Foundation

/// Folds free text into a key for lookup tables: case, spacing, punctuation and
/// diacritics do not matter, and German umlauts match both their `ae` and `a` spellings.
enum MatchKey {
    /// `Österreich`, `OESTERREICH` and `Oesterreich` → `oesterreich`.
    static func umlautsExpanded(_ text: String) -> String {
        fold(text, expandUmlauts: true)
    }

    /// `Türkiye` and `Turkiye` → `turkiye`.
    static func umlautsDropped(_ text: String) -> String {
        fold(text, expandUmlauts: false)
    }

    private static func fold(_ text: String, expandUmlauts: Bool) -> String {
        // Most names are ASCII: their key is their letters and digits, lower-cased, byte by byte.
        // Building the country tables folds a few thousand names, once per run.
        if let folded = foldASCII(text) { return folded }
        return foldScalars(text, expandUmlauts: expandUmlauts)
    }

    /// The key of any text, scalar by scalar.
    static func foldScalars(_ text: String, expandUmlauts: Bool) -> String {
        var out = String.UnicodeScalarView()
        for scalar in text.lowercased().unicodeScalars {
            switch scalar {
            case "ä" where expandUmlauts: out.append("a"); out.append("e")
            case "ö" where expandUmlauts: out.append("o"); out.append("e")
            case "ü" where expandUmlauts: out.append("u"); out.append("e")
            case "ß": out.append("s"); out.append("s")
            case _ where scalar.isASCII:
                // Letters and digits stay, spacing and punctuation go; nothing to decompose.
                if ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) { out.append(scalar) }
            default:
                for part in String(scalar).decomposedStringWithCanonicalMapping.unicodeScalars
                where part.properties.isAlphabetic || part.properties.numericType != nil {
                    if part.properties.generalCategory == .nonspacingMark { continue }
                    out.append(part)
                }
            }
        }
        return String(out)
    }

    /// The key of an all-ASCII text, or nil when it holds anything else.
    static func foldASCII(_ text: String) -> String? {
        let utf8 = text.utf8
        guard utf8.allSatisfy({ $0 < 0x80 }) else { return nil }
        return String(unsafeUninitializedCapacity: utf8.count) { buffer in
            var count = 0
            for byte in utf8 {
                switch byte {
                case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                    buffer[count] = byte
                case UInt8(ascii: "A")...UInt8(ascii: "Z"):
                    buffer[count] = byte + 32
                default:
                    continue
                }
                count += 1
            }
            return count
        }
    }
}
