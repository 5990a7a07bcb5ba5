import ArgumentParser
import CommerceLayerAPI
import Foundation

/// `layerclone doctor`: checks that a profile reaches its environment.
struct DoctorCommand: ContextualCommand {
    static let configuration = CommandConfiguration(
        commandName: "doctor",
        abstract: "Check a profile: credentials, organization, environment and rate limits.",
        discussion: """
            Fetches a token from the profile's token URL, then makes one cheap request
            (GET /api/skus?page[size]=1) and prints the organization, the environment
            (test or live), the token lifetime and the rate-limit headers it saw.

            Profiles come from LAYERCLONE_<PROFILE>_CLIENT_ID, _CLIENT_SECRET, _BASE_URL and
            optional _AUTH_URL, or from the credentials file (mode 0600).
            Exits 69 when the credentials are refused or the host cannot be reached.
            """
    )

    @Option(name: .long, help: "The profile to check.")
    var profile: String

    @Option(name: .long, help: "Credentials file (default: $LAYERCLONE_CREDENTIALS or ~/.layerclone/credentials.yml).")
    var credentialsFile: String?

    @Flag(name: .long, help: "Print one JSON document.")
    var json = false

    func run(in context: CommandContext) async throws {
        let resolved: Profile
        do {
            resolved = try ProfileResolver.forArgument(credentialsFile, environment: context.environment).profile(
                named: profile)
        } catch {
            context.standardError.print("error: \(error)")
            throw ExitStatus.usage.exitCode
        }
        let client = CommerceLayerClient(
            profile: resolved, transport: context.transport(), clock: context.clock,
            retryPolicy: RetryPolicy(maxAttempts: 3, maxTotalTime: .seconds(60)), requestTimeout: .seconds(10))
        do {
            let report = try await client.diagnose()
            context.standardOutput.print(json ? report.json.canonicalJSON : report.lines.joined(separator: "\n"))
        } catch {
            // Most client errors name the profile already; say it once.
            let message = "\(error)"
            let text = message.contains("profile \(profile)") ? message : "profile \(profile): \(message)"
            context.standardError.print("error: \(text)")
            throw ExitStatus.unavailable.exitCode
        }
    }
}
