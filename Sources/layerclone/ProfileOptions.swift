import ArgumentParser
import CommerceLayerAPI
import Foundation

/// Where profiles come from: the environment, then the credentials file.
struct ProfileOptions: ParsableArguments {
    @Option(
        name: .long,
        help: "Credentials file, mode 0600 (default: $LAYERCLONE_CREDENTIALS or ~/.layerclone/credentials.yml).")
    var credentialsFile: String?

    /// The resolver for the context's environment and the chosen credentials file.
    func resolver(in context: CommandContext) -> ProfileResolver {
        ProfileResolver.forArgument(credentialsFile, environment: context.environment)
    }
}
