import Foundation

extension Uploader {
    /// How a 2xx answer ends a ZIP: `accepted` with its ident links only when the body is
    /// Concedus's JSON with `identLinks`. Anything else (a proxy's HTML page, an empty body, an
    /// answer too long to be one customer's) is no proof the ZIP arrived: `failed`, so a rerun sends it again.
    static func acceptance(_ answer: Answer) -> (UploadOutcome.Status, String) {
        if answer.isCut {
            return (.failed, "HTTP \(answer.status) but the answer is longer than \(Answer.bodyLimit >> 10) KiB, so it is not "
                + "Concedus's answer for one customer and was not read further; not counted as accepted")
        }
        guard let links = identLinks(answer.body) else {
            return (.failed, "HTTP \(answer.status) but the answer is not Concedus's JSON with identLinks; not counted as accepted: "
                + String(decoding: answer.body.prefix(120), as: UTF8.self))
        }
        return (.accepted, links)
    }

    /// The ident links of an accepting answer, space-separated; nil when the body is not a JSON
    /// object with an `identLinks` array.
    static func identLinks(_ body: [UInt8]) -> String? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any],
              let links = object["identLinks"] as? [Any] else { return nil }
        return links.map { "\($0)" }.joined(separator: " ")
    }

    static func rejection(_ answer: Answer) -> String {
        if let object = try? JSONSerialization.jsonObject(with: Data(answer.body)) as? [String: Any] {
            let parts = ["code", "info", "reason"].compactMap { key in object[key].map { "\($0)" } }
            if !parts.isEmpty { return parts.joined(separator: ": ") }
        }
        let text = String(decoding: answer.body.prefix(300), as: UTF8.self)
        if answer.isCut { return text + " … [the answer went on past \(Answer.bodyLimit >> 10) KiB and was not read further]" }
        return text.isEmpty ? "HTTP \(answer.status)" : text
    }
}
