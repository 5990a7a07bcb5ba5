import ResourceCatalog

/// Deterministic fake values for `Transform.mask`.
///
/// The same input always gives the same fake, in every run; distinct inputs give distinct
/// fakes (each fake carries hex digits of a 64-bit hash of the input, so collisions are as
/// unlikely as 64-bit hash collisions; phone numbers keep the input's length and format, so
/// their uniqueness is bounded by their digit count).
package enum MaskFaker {
    private static let firstNames = [
        "Alex", "Sam", "Jordan", "Taylor", "Morgan", "Casey", "Robin", "Jamie", "Avery", "Quinn",
        "Riley", "Charlie", "Dana", "Elliot", "Frankie", "Harper",
    ]
    private static let lastNames = [
        "Smith", "Rossi", "Meyer", "Dubois", "Novak", "Silva", "Berg", "Kowalski", "Jansen", "Moreau",
        "Lopez", "Weber", "Costa", "Fischer", "Bianchi", "Larsen",
    ]
    private static let streets = ["Maple", "Oak", "Station", "Church", "Mill", "River", "Park", "High"]
    private static let words = ["lorem", "ipsum", "dolor", "sit", "amet", "consectetur", "adipiscing", "elit"]

    /// The fake of `kind` standing for `value`.
    package static func fake(_ kind: MaskKind, for value: String) -> String {
        let hash = ContentFingerprint.fnv1a(Array(value.utf8))
        let hex = ContentFingerprint.hex16(hash)
        let short = String(hex.prefix(8))
        let first = firstNames[Int(hash % UInt64(firstNames.count))]
        let last = lastNames[Int((hash >> 8) % UInt64(lastNames.count))]
        switch kind {
        case .email: return "user-\(hex)@example.com"
        case .name: return "\(first) \(last) \(short)"
        case .firstName: return "\(first)-\(short)"
        case .lastName: return "\(last)-\(short)"
        case .phone: return phone(like: value, hash: hash)
        case .address:
            return "\(hash % 900 + 100) \(streets[Int((hash >> 16) % UInt64(streets.count))]) Street, unit \(short)"
        case .text:
            var text = short
            var state = hash
            while text.count < value.count {
                text += " " + words[Int(state % UInt64(words.count))]
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            }
            return text
        }
    }

    /// Digits replaced by hash-derived digits; everything else (`+`, spaces, dashes) kept.
    private static func phone(like value: String, hash: UInt64) -> String {
        var state = hash
        var result = ""
        for character in value {
            if character.isASCII, character.isNumber {
                result.append(Character(Unicode.Scalar(UInt8(48 + state % 10))))
                state = state / 10
                if state == 0 { state = ContentFingerprint.fnv1a(Array(result.utf8)) }
            } else {
                result.append(character)
            }
        }
        return result
    }
}
