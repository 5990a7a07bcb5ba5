/// The plural API name of a Commerce Layer resource type, such as `price_lists`.
///
/// A string-backed struct rather than a closed enum: plans and exports may name types the
/// catalog does not describe, and those must be reported, not crash a decoder.
package struct ResourceType: RawRepresentable, Hashable, Comparable, Sendable, Codable,
    ExpressibleByStringLiteral, CustomStringConvertible
{
    package let rawValue: String

    package init(rawValue: String) { self.rawValue = rawValue }
    package init(_ name: String) { self.rawValue = name }
    package init(stringLiteral value: String) { self.rawValue = value }

    package var description: String { rawValue }

    package static func < (lhs: ResourceType, rhs: ResourceType) -> Bool {
        lhs.rawValue < rhs.rawValue
    }

    package init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}
