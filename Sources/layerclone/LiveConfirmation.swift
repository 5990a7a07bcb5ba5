import Foundation

/// Asks the person at the terminal to confirm a write to a live environment by typing the
/// organization's slug.
enum LiveConfirmation {
    /// Writes the question to `standardError` and reads the answer from standard input.
    static func ask(organization: String, on standardError: TextSink) -> Bool {
        standardError.write(
            """
            The target is the LIVE environment of \(organization).
            Type the organization slug (\(organization)) to write to it, anything else to stop: 
            """)
        return readLine()?.trimmingCharacters(in: .whitespaces) == organization
    }
}
