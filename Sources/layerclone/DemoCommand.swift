import ArgumentParser
import CommerceLayerAPI
import Foundation
import LayerCloneCore
import Sandbox

/// `layerclone demo`: the whole job on the bundled sandbox, no account needed.
struct DemoCommand: ContextualCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Clone a demo store on the bundled sandbox: no account needed.",
        discussion: """
            Starts the sandbox (a local Commerce Layer) in this process, seeds a demo store in
            its test environment, clones plans/demo.yml into its live environment, verifies
            the result and prints where the report is. Nothing leaves this machine.
            """
    )

    @Option(name: .long, help: "The plan to run.")
    var plan = "plans/demo.yml"

    @Option(name: .long, help: "Size of the demo store: 1 is a few hundred records, 100 tens of thousands.")
    var scale = 1

    @Flag(
        name: .long,
        help:
            "Serve the sandbox with --strict: every hard behaviour switch and the fault mix (README, Sandbox, Strict).")
    var strict = false

    @Option(name: .customLong("fault-seed"), help: "Seed of the fault sequence under --strict.")
    var faultSeed: UInt64 = 1

    @Flag(name: .long, help: "Print NDJSON events on standard output instead of the live view.")
    var json = false

    @OptionGroup var workdir: WorkdirOptions

    func validate() throws {
        guard (1...1000).contains(scale) else { throw ValidationError("--scale must be between 1 and 1000") }
    }

    func run(in context: CommandContext) async throws {
        guard FileManager.default.fileExists(atPath: plan) else {
            throw CommandFailure(
                .usage, "cannot find the plan \(plan): run the demo from the project's folder, or pass --plan")
        }
        var configuration = SandboxConfiguration()
        configuration.conditions.jobSpeed = .fast
        configuration.conditions.faultSeed = faultSeed
        if strict { configuration.applyStrict() }
        let server = try SandboxServer(configuration: configuration)
        let endpoint = try await server.start()
        do {
            try await runClone(server: server, endpoint: endpoint, in: context)
            await server.shutdown()
        } catch {
            await server.shutdown()
            throw error
        }
    }

    private func runClone(server: SandboxServer, endpoint: SandboxServer.Endpoint, in context: CommandContext)
        async throws
    {
        let note: (String) -> Void = { text in if !json { context.standardError.print(text) } }
        if strict {
            note(
                "strict sandbox: hard behaviour switches, faults \(server.state.configuration.conditions.faults), "
                    + "job_fail=\(server.state.configuration.conditions.jobFailureRate)")
        }
        note(
            "sandbox listening at \(endpoint.baseURL); seeding the demo store (scale \(scale)) in its test environment…"
        )
        _ = try await server.seedDemo(scale: scale, into: .test)
        let options = try CloneOptions.parse(json ? ["--json"] : [])
        var setup = try options.setup(planPath: plan, workdir: try workdir.url(in: context), in: context)
        // The target is the sandbox's own live environment, on this machine.
        setup.allowLive = true
        let (executionPlan, text) = try setup.executionPlan()
        let source = try profile("sandbox-test", server.credentials[.test]!, endpoint)
        let target = try profile("sandbox-live", server.credentials[.live]!, endpoint)
        note("cloning \(plan) from the sandbox's test environment into its live environment…")
        let configured = setup
        let result = try await SignalCancellation.run {
            let job = try await configured.makeJob(
                plan: executionPlan, planText: text, source: source, target: target,
                transport: context.transport())
            return try await job.run()
        }
        try options.finish(result, in: context)
    }

    private func profile(_ name: String, _ credentials: SandboxCredentials, _ endpoint: SandboxServer.Endpoint) throws
        -> Profile
    {
        try Profile(
            name: name, clientID: credentials.clientID, clientSecret: Secret(credentials.clientSecret),
            baseURL: URL(string: endpoint.baseURL)!, tokenURL: URL(string: endpoint.authURL)!)
    }
}
