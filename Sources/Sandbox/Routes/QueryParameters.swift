import Foundation

/// The query string of a request as ordered, percent-decoded name/value pairs
/// (`filter[q][code_in]` keeps its brackets; `+` is a space).
struct QueryParameters: Sendable {
    var pairs: [(name: String, value: String)]

    init(_ query: String?) {
        pairs = (query ?? "").split(separator: "&").map { part in
            let pieces = part.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            return (Self.decode(pieces[0]), pieces.count > 1 ? Self.decode(pieces[1]) : "")
        }
    }

    /// The last value of `name`.
    subscript(name: String) -> String? { pairs.last { $0.name == name }?.value }

    /// `(inner, value)` for every `prefix[inner]` parameter (`fields[skus]` → `skus`).
    func bracketed(_ prefix: String) -> [(String, String)] {
        pairs.compactMap { pair in
            guard pair.name.hasPrefix(prefix + "["), pair.name.hasSuffix("]") else { return nil }
            return (String(pair.name.dropFirst(prefix.count + 1).dropLast()), pair.value)
        }
    }

    private static func decode(_ text: Substring) -> String {
        let spaced = text.replacingOccurrences(of: "+", with: " ")
        return spaced.removingPercentEncoding ?? spaced
    }
}
