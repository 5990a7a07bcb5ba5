import ArgumentParser
import CommerceLayerAPI
import Foundation
import LayerCloneCore
import ResourceCatalog

/// `layerclone diff`: what a clone would change in the target, without writing anything.
struct DiffCommand: ContextualCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Show what a clone would change in the target, writing nothing.",
        discussion: """
            Reads both sides the way a clone does, through clients that cannot write, and
            prints per type the records to create, the records to update with each changed
            field (old → new), the unchanged ones and those only in the target, then the
            requests and least time applying it takes. With --out it saves the diff, with a
            fingerprint of each target record it would change, for `layerclone apply`. Exits 0 when
            both sides hold the same records, 3 when there is something to create, update,
            or (with --prune) delete.

            Example: layerclone diff plans/store-setup.yml --source test --target live --out changes.lcdiff
            """
    )

    @OptionGroup var options: ComparisonOptions

    @Option(name: .long, help: "Save the diff to this file (.lcdiff) for `layerclone apply`.")
    var out: String?

    func validate() throws {
        if let out, out.isEmpty || out.hasSuffix("/") {
            throw ValidationError("--out needs a file path (such as changes.lcdiff), got '\(out)'")
        }
    }

    func run(in context: CommandContext) async throws {
        let configured = try options.setup(in: context)
        let json = options.json
        let resolver = options.profiles.resolver(in: context)
        let output = out
        let diff = try await SignalCancellation.run {
            try await configured.makeDiffJob(resolver: resolver, transport: context.transport()).run(output: output)
        }
        if json {
            var document = diff.json
            if let output, case .object(var members) = document {
                members["saved"] = .string(output)
                document = .object(members)
            }
            context.standardOutput.print(document.canonicalJSON)
        } else {
            for line in diff.lines { context.standardOutput.print(line) }
            if let output {
                context.standardOutput.print("saved: \(output) (write it with `layerclone apply \(output)`)")
            }
        }
        if !diff.isEmpty { throw ExitStatus.differences.exitCode }
    }
}
