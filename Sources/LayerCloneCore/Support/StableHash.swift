/// A 64-bit FNV-1a hash: stable across runs, processes and machines (unlike `Hasher`), for
/// naming things after their content. Not cryptographic.
package struct StableHash: Sendable {
    private var state: UInt64 = 0xcbf2_9ce4_8422_2325

    package init() {}

    /// Mixes in the bytes of a string and a separator, so `("ab","c")` and `("a","bc")` differ.
    package mutating func combine(_ text: String) {
        for byte in text.utf8 { mix(byte) }
        mix(0x1f)
    }

    private mutating func mix(_ byte: UInt8) {
        state ^= UInt64(byte)
        state &*= 0x100_0000_01b3
    }

    /// The hash as 16 lowercase hex digits.
    package var hex: String {
        let digits = String(state, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }

    /// The hash of several strings, as hex.
    package static func hex(_ parts: String...) -> String {
        var hash = StableHash()
        for part in parts { hash.combine(part) }
        return hash.hex
    }
}
