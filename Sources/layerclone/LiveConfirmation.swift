import Foundation

/// Asks the person at the terminal to confirm a write to a live environment by typing the
/// organization's slug.
enum LiveConfirmation {
    @Sendable static func ask(organization: String) -> Bool {
        FileHandle.standardError.write(
            Data(
                """
                The target is the LIVE environment of \(organization).
                Type the organization slug (\(organization)) to write to it, anything else to stop: 
                """.utf8))
        return readLine()?.trimmingCharacters(in: .whitespaces) == organization
    }
}
