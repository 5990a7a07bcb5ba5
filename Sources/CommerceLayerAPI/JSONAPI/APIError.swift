import Foundation
import ResourceCatalog

/// One JSON:API error object.
package struct APIErrorObject: Sendable, Hashable, CustomStringConvertible {
    /// A short summary (`can't be blank`).
    package var title: String?
    /// A longer explanation.
    package var detail: String?
    /// The error code (`VALIDATION_ERROR`, `INVALID_TOKEN`…).
    package var code: String?
    /// The HTTP status as the API writes it: a string (`"422"`).
    package var status: String?
    /// `source.pointer` (`/data/attributes/code`).
    package var pointer: String?
    /// `meta` (for exports: `error`, `count`).
    package var meta: [String: JSONValue]

    package init(
        title: String? = nil, detail: String? = nil, code: String? = nil, status: String? = nil,
        pointer: String? = nil, meta: [String: JSONValue] = [:]
    ) {
        self.title = title
        self.detail = detail
        self.code = code
        self.status = status
        self.pointer = pointer
        self.meta = meta
    }

    package var description: String {
        var parts: [String] = []
        if let code { parts.append(code) }
        if let pointer { parts.append("at \(pointer)") }
        let text = [title, detail].compactMap { $0 }.filter { !$0.isEmpty }
        if let first = text.first { parts.append(text.count > 1 && text[1] != first ? "\(first): \(text[1])" : first) }
        return parts.joined(separator: " ")
    }
}

/// A non-success answer of the API with its JSON:API errors.
package struct APIError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The HTTP status.
    package var status: Int
    /// The request, as method and path (never headers).
    package var request: String
    /// The error objects (empty when the body was not JSON:API).
    package var errors: [APIErrorObject]

    package init(status: Int, request: String, errors: [APIErrorObject]) {
        self.status = status
        self.request = request
        self.errors = errors
    }

    /// Reads an error body; a body that is not JSON:API gives no error objects.
    package init(status: Int, request: String, body: Data) {
        self.status = status
        self.request = request
        let objects = (try? JSONValue.parse(body))?["errors"]?.arrayValue ?? []
        errors = objects.map { json in
            APIErrorObject(
                title: json["title"]?.stringValue, detail: json["detail"]?.stringValue,
                code: json["code"]?.stringValue,
                status: json["status"]?.stringValue ?? json["status"]?.intValue.map { String($0) },
                pointer: json["source"]?["pointer"]?.stringValue, meta: json["meta"]?.objectValue ?? [:])
        }
    }

    /// The code of the first error object.
    package var code: String? { errors.first?.code }

    /// Whether any error object has this code.
    package func has(code: String) -> Bool { errors.contains { $0.code == code } }

    package var description: String {
        let detail = errors.isEmpty ? "no error details" : errors.map(\.description).joined(separator: "; ")
        return "\(request) answered \(status): \(detail)"
    }
}
