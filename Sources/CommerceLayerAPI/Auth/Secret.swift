/// A secret string (client secret, access token) that never shows itself in descriptions,
/// logs, errors or encoded output.
package struct Secret: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible {
    /// The secret itself; read it only to put it on the wire.
    package let revealed: String

    package init(_ value: String) { self.revealed = value }

    package var description: String { "<redacted>" }
    package var debugDescription: String { "<redacted>" }
}
