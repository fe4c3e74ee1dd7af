import Foundation
import RelianceKit

extension StudioApp {
    func read(_ request: StudioRequest) -> StudioResponse {
        let query = request.query
        switch request.path {
        case "/": return StudioResponse(status: 200, headers: [("Content-Type", "text/html; charset=utf-8")],
                                        body: Array(StudioPage.html.replacingOccurrences(of: "{{STUDIO_TOKEN}}", with: token).utf8))
        case "/studio.css": return StudioResponse(status: 200, headers: [("Content-Type", "text/css; charset=utf-8")], body: Array(StudioPage.css.utf8))
        case "/studio.js": return StudioResponse(status: 200, headers: [("Content-Type", "text/javascript; charset=utf-8")], body: Array(StudioPage.javascript.utf8))
        case "/api/session": return StudioApp.json(session.sessionView())
        case "/api/columns": return StudioApp.json(session.columnsView())
        case "/api/fields": return StudioApp.json(session.fieldsView())
        case "/api/rejects": return StudioApp.json(session.rejectsView())
        case "/api/dates":
            guard let column = query["column"] else { return StudioApp.failure(400, "name the column: /api/dates?column=NAME") }
            return answer { () throws(ConvertError) in try session.datesView(column: column) }
        case "/api/values":
            guard let path = query["path"] else { return StudioApp.failure(400, "name the field: /api/values?path=PATH") }
            return answer { () throws(ConvertError) in try session.valuesView(path: path) }
        case "/api/row":
            guard let number = query["n"].flatMap({ Int($0) }) else { return StudioApp.failure(400, "name the row: /api/row?n=N") }
            return answer { () throws(ConvertError) in try session.rowView(number) }
        case "/api/rejected":
            let offset = query["offset"].flatMap { Int($0) } ?? 0
            let limit = query["limit"].flatMap { Int($0) } ?? 100
            return StudioApp.json(session.rejectedView(offset: offset, limit: limit))
        default: return StudioApp.failure(404, "no such address")
        }
    }

    func change(_ request: StudioRequest) -> StudioResponse {
        guard request.body.count <= StudioApp.bodyLimit else { return StudioApp.failure(413, "the request is larger than the studio takes") }
        let data = Data(request.body.isEmpty ? Array("{}".utf8) : request.body)
        let decoder = JSONDecoder()
        do {
            switch request.path {
            case "/api/edit":
                let body = try decoder.decode(EditBody.self, from: data)
                try session.edit(StudioApp.mappingPath(body.path), line: body.line)
            case "/api/alias":
                let body = try decoder.decode(AliasBody.self, from: data)
                try session.alias(body.path, value: body.value, to: body.to)
            case "/api/input":
                let body = try decoder.decode(InputBody.self, from: data)
                try session.setInputOrReadAgain(sheet: body.sheet, headerRow: body.headerRow, clearsHeaderRow: body.clearHeaderRow ?? false)
            case "/api/undo": session.undo()
            case "/api/redo": session.redo()
            case "/api/save":
                let bytes = try session.save()
                return StudioApp.json(Saved(saved: session.options.mappingPath, bytes: bytes, rows: nil))
            case "/api/fixed":
                let body = try decoder.decode(FixedBody.self, from: data)
                let rows = try session.saveFixed(body.rows.map { ($0.row, $0.cells) })
                return StudioApp.json(Saved(saved: session.options.fixedPath, bytes: nil, rows: rows))
            default: return StudioApp.failure(404, "no such address")
            }
        } catch let error as MappingText.EditError {
            return StudioApp.failure(400, error.description)
        } catch let error as DecodingError {
            return StudioApp.failure(400, "the request's JSON does not fit: \(StudioApp.describe(error))")
        } catch {
            return StudioApp.failure(400, "\(error)")
        }
        return StudioApp.json(session.sessionView())
    }

    /// The largest request body: a fixed-rows save of a thousand wide rows.
    static let bodyLimit = 64 << 20

    /// A field's path as the fields table names it (`person.birthDate`) → its key path in the
    /// mapping (`customer.person.birthDate`); `settings.…`, `input.…` and `version` stand as they are.
    static func mappingPath(_ path: String) -> String {
        let top = path.prefix { $0 != "." }
        return ["settings", "input", "version", "customer"].contains(String(top)) ? path : "customer." + path
    }

    private func answer(_ make: () throws(ConvertError) -> some Encodable) -> StudioResponse {
        do {
            return StudioApp.json(try make())
        } catch {
            return StudioApp.failure(400, error.description)
        }
    }

    static func describe(_ error: DecodingError) -> String {
        switch error {
        case let .keyNotFound(key, _): "\"\(key.stringValue)\" is missing"
        case let .typeMismatch(_, context), let .valueNotFound(_, context), let .dataCorrupted(context):
            context.codingPath.map(\.stringValue).joined(separator: ".") + ": " + context.debugDescription
        @unknown default: "\(error)"
        }
    }

    struct Saved: Encodable {
        let saved: String
        let bytes: Int?
        let rows: Int?
    }

    struct EditBody: Decodable {
        let path: String
        /// The new value; null removes the line. It must be there: a request without it says nothing.
        let line: String?

        enum CodingKeys: String, CodingKey {
            case path, line
        }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            path = try container.decode(String.self, forKey: .path)
            guard container.contains(.line) else {
                throw DecodingError.keyNotFound(CodingKeys.line, .init(codingPath: [], debugDescription: "line is missing (null removes the line)"))
            }
            line = try container.decodeNil(forKey: .line) ? nil : container.decode(String.self, forKey: .line)
        }
    }

    struct AliasBody: Decodable {
        let path: String
        let value: String
        let to: String
    }

    struct InputBody: Decodable {
        let sheet: String?
        let headerRow: Int?
        let clearHeaderRow: Bool?
    }

    struct FixedBody: Decodable {
        struct Row: Decodable {
            let row: Int
            let cells: [String]
        }

        let rows: [Row]
    }
}
