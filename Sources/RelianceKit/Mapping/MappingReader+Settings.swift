import Foundation
import Yams

/// The `input` and `settings` blocks.
extension MappingReader {
    mutating func readInput(_ node: Node?) -> InputSettings {
        var input = InputSettings()
        guard let node else { return input }
        guard let map = node.mapping else {
            error(node, "`input` must be a mapping such as { delimiter: \";\", encoding: auto }")
            return input
        }
        checkKeys(map, allowed: ["delimiter", "encoding", "sheet", "header_row"], context: "input")
        if let delimiterNode = map["delimiter"] {
            let text = delimiterNode.scalar?.string ?? ""
            let value: String = switch text.lowercased() {
            case "tab", "\\t": "\t"
            default: text
            }
            if value.utf8.count == 1, let byte = value.utf8.first, byte != 0x22, byte != 0x0A, byte != 0x0D {
                input.delimiter = byte
            } else {
                error(delimiterNode, "delimiter must be one character such as \";\", \",\", \"|\" or tab, not \"\(text)\"")
            }
        }
        if let encodingNode = map["encoding"] {
            let text = (encodingNode.scalar?.string ?? "").lowercased()
            if text == "auto" || text.filter({ $0.isLetter || $0.isNumber }) == "utf16" {
                input.encoding = text == "auto" ? "auto" : "utf-16"
            } else if let encoding = TextEncoding(name: text) {
                input.encoding = encoding.rawValue
            } else {
                error(encodingNode, "unsupported encoding \"\(text)\"; use one of \(TextEncoding.accepted)")
            }
        }
        if let sheet = map["sheet"] { input.sheet = sheet.scalar?.string }
        if let headerRow = map["header_row"] {
            let text = headerRow.scalar?.string ?? ""
            if let row = Int(text), row >= 1 {
                input.headerRow = row
            } else if text != "auto" {
                error(headerRow, "header_row must be a row number from 1 (as Excel numbers rows), or auto")
            }
        }
        return input
    }

    mutating func readSettings(_ node: Node?, folder: String) -> Settings {
        var settings = Settings()
        guard let node else { return settings }
        guard let map = node.mapping else {
            error(node, "`settings` must be a mapping")
            return settings
        }
        checkKeys(map, allowed: ["timezone", "date_order", "phone_country", "attachments", "aliases", "vendors", "severity"], context: "settings")
        if let zone = map["timezone"] {
            let name = zone.scalar?.string ?? ""
            if TimeZone(identifier: name) == nil {
                error(zone, "unknown time zone \"\(name)\"; use an IANA name such as Europe/Berlin")
            } else {
                settings.timezone = name
            }
        }
        if let order = map["date_order"] {
            let text = (order.scalar?.string ?? "").uppercased()
            if let value = Settings.DateOrder(rawValue: text) { settings.dateOrder = value } else {
                error(order, "date_order must be DMY, MDY or YMD, not \"\(order.scalar?.string ?? "")\"")
            }
        }
        if let phone = map["phone_country"] {
            // "+49", or `address` (the row's address country), or { from: address, default: "+49" }.
            func callingCode(_ node: Node) -> String? {
                var text = node.scalar?.string ?? ""
                if !text.hasPrefix("+") { text = "+" + text }
                let digits = text.dropFirst()
                return (1...3).contains(digits.count) && digits.allSatisfy(\.isASCIIDigit) ? text : nil
            }
            if phone.scalar?.string == "address" {
                settings.phoneCountryFromAddress = true
            } else if let table = phone.mapping {
                checkKeys(table, allowed: ["from", "default"], context: "phone_country")
                if table["from"]?.scalar?.string == "address" {
                    settings.phoneCountryFromAddress = true
                } else {
                    error(phone, "phone_country takes { from: address, default: \"+49\" }")
                }
                if let fallback = table["default"] {
                    if let code = callingCode(fallback) {
                        settings.phoneCountry = code
                        settings.phoneCountryIsDefault = true
                    } else {
                        error(fallback, "the default of phone_country must be a calling code such as \"+49\"")
                    }
                }
            } else if let code = callingCode(phone) {
                settings.phoneCountry = code
            } else {
                error(phone, "phone_country must be a calling code such as \"+49\", or address (the row's address country)")
            }
        }
        if let attachments = map["attachments"], let text = attachments.scalar?.string {
            settings.attachments = text.hasPrefix("/") ? text : (folder as NSString).appendingPathComponent(text)
        }
        if let aliases = map["aliases"] {
            if let families = aliases.mapping {
                for (key, value) in families {
                    let family = key.scalar?.string ?? ""
                    guard Settings.aliasFamilies.contains(family) else {
                        let hint = Suggestions.nearest(to: family, in: Settings.aliasFamilies).map { "; did you mean \"\($0)\"?" } ?? ""
                        error(key, "aliases for \"\(family)\" are not supported (use \(Settings.aliasFamilies.joined(separator: ", ")))\(hint)")
                        continue
                    }
                    settings.aliases[family] = readValueTable(value, context: "aliases.\(family)")
                }
            } else {
                error(aliases, "`aliases` must map a family (country, salutation, title, boolean) to a table")
            }
        }
        if let vendors = map["vendors"] {
            if let list = vendors.sequence {
                for item in list {
                    guard let name = item.scalar?.string else {
                        error(item, "each entry of `vendors` must be a vendor name such as POSTIDENT, not a list or a mapping")
                        continue
                    }
                    settings.vendors.append(name.uppercased())
                }
            } else if let one = vendors.scalar?.string {
                settings.vendors = [one.uppercased()]
            } else {
                error(vendors, "`vendors` must be a list of vendor names such as [POSTIDENT]")
            }
        }
        if let severity = map["severity"] {
            guard let table = severity.mapping else {
                error(severity, "`severity` must be a mapping such as { expired_document: error }")
                return settings
            }
            checkKeys(table, allowed: ["expired_document"], context: "severity")
            if let expired = table["expired_document"] {
                switch expired.scalar?.string.lowercased() {
                case "error": settings.expiredDocumentIsError = true
                case "warning": settings.expiredDocumentIsError = false
                default: error(expired, "expired_document must be error or warning")
                }
            }
        }
        return settings
    }

    mutating func readValueTable(_ node: Node, context: String) -> [String: String] {
        guard let map = node.mapping else {
            error(node, "`\(context)` must be a table such as { \"1\": Herr }")
            return [:]
        }
        var table: [String: String] = [:]
        // Each folded key's first spelling and line, to name both when a later one gives another value.
        var spellings: [String: (text: String, line: Int)] = [:]
        for (key, value) in map {
            guard let from = key.scalar?.string, let to = value.scalar?.string else {
                error(key, "`\(context)` entries must map one text to another")
                continue
            }
            // Values are looked up trimmed and in lower case, so keys that differ only so are one key.
            let folded = from.trimmingCharacters(in: .whitespaces).lowercased()
            if let earlier = table[folded], let first = spellings[folded] {
                if earlier != to {
                    error(key, "\(quoted(from)) and \(quoted(first.text)) (line \(first.line)) are one key, since a value table matches keys "
                        + "case-insensitively, but give different values (\(to), \(earlier)); keep one")
                }
                continue
            }
            table[folded] = to
            spellings[folded] = (from, key.mark?.line ?? 0)
        }
        return table
    }
}
