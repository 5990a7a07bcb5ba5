import AsyncHTTPClient
import CommerceLayerAPI
import Foundation
import Sandbox
import Testing

@testable import layerclone

/// The exit codes of runs that could not finish: the API gone (69), a bug (70), Ctrl-C (75);
/// each from a command run in this process with an injected context.
// A bound on hangs, not on speed: a test may first queue for a sandbox (`SandboxSlots`).
@Suite("Exit codes of runs that stop", .timeLimit(.minutes(10)))
struct ExitCodeFailureTests {
    @Test("69: an API that stays unreachable past --outage-budget stops the clone, resumable")
    func unavailable() async throws {
        // A sandbox's profiles, on a port nothing listens on any more.
        let (environment, workdir) = try await CommandSandbox.with { sandbox in
            (try sandbox.environment(), sandbox.workdir)
        }
        // async-http-client would retry a refused connection itself until the request's
        // deadline (60 s an attempt); without that each attempt fails at once, as layerclone's
        // own retries and outage budget (on the injected clock) expect.
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool.retryConnectionEstablishment = false
        let http = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        let clock = VirtualClock()
        let run = await CommandRun.run(
            [
                "clone", CommandRun.plan("store-setup.yml"), "--source", "test", "--target", "live", "--allow-live",
                "--workdir", workdir, "--outage-budget", "1",
            ], environment: environment, clock: clock, transport: { AsyncHTTPClientTransport(client: http) })
        try await http.shutdown()
        #expect(run.exitCode == ExitStatus.unavailable.rawValue, "\(run)")
        #expect(run.standardError.contains("error: the API has been unavailable since"), "\(run)")
        #expect(run.standardError.contains("run the same command to resume"), "\(run)")
        #expect(clock.totalSlept >= .seconds(1), "the outage budget is counted on the injected clock")
    }

    @Test("70: a type that failed for a bug (an error no class covers) ends the run with 70")
    func internalError() async throws {
        try await CommandSandbox.with { sandbox in
            let plan = try sandbox.writePlan(ExitCodeTests.shippingCategories, named: "plan.yml")
            let working = sandbox.transport
            // A transport breaking its contract (its failures must be `TransportError`s) when
            // the run reads the type: a bug of layerclone's own, not the API's.
            let broken: @Sendable () -> any HTTPTransport = {
                let base = working()
                return StubTransport { request in
                    if request.url.path.contains("shipping_categories") || request.url.path.hasSuffix("/exports") {
                        throw BrokenContract()
                    }
                    return try await base.send(request)
                }
            }
            let run = try await sandbox.run(ExitCodeTests.clone(plan, sandbox), transport: broken)
            #expect(run.exitCode == ExitStatus.internalError.rawValue, "\(run)")
            #expect(run.standardError.contains("error: these types could not be cloned"), "\(run)")
            #expect(run.standardError.contains("shipping_categories: \(BrokenContract().description)"), "\(run)")
        }
    }

    @Test("75: an interrupted clone (the command's task cancelled, as Ctrl-C does) says how to resume")
    func interrupted() async throws {
        try await CommandSandbox.with { configuration in
            // Jobs that stay pending: the run is waiting on its first export when interrupted.
            configuration.conditions.jobSpeed = try JobSpeed.parse(
                "latency=600s,export_rps=500,import_rps=200,cleanup_rps=300")
        } _: { sandbox in
            let plan = try sandbox.writePlan(ExitCodeTests.shippingCategories, named: "plan.yml")
            let output = CapturedText()
            let error = CapturedText()
            let context = CommandRun.context(
                environment: try sandbox.environment(), clock: ScaledClock(factor: 20), transport: sandbox.transport,
                output: output, error: error)
            let arguments = ExitCodeTests.clone(plan, sandbox)
            let command = Task { await LayerClone.run(arguments, in: context) }
            let deadline = ContinuousClock.now + .seconds(120)
            while !error.value.contains("starting run"), ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(20))
            }
            command.cancel()
            let code = await command.value
            let run = CommandRun(
                arguments: arguments, exitCode: code, standardOutput: output.value, standardError: error.value)
            #expect(run.exitCode == ExitStatus.interrupted.rawValue, "\(run)")
            #expect(run.standardError.hasSuffix("error: interrupted; run the same command to resume\n"), "\(run)")
        }
    }
}

/// An error no class covers, as a bug would throw.
private struct BrokenContract: Error, CustomStringConvertible {
    var description: String { "the transport threw an error of no known kind" }
}
