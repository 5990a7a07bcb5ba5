import Hummingbird

/// Builds the sandbox router: faults outermost, then rate limits, then header and token
/// checks, then the routes. Routes added later (jobs) get all of them.
package enum SandboxRouter {
    /// The router with every middleware and route of the sandbox.
    package static func build(state: SandboxState) -> Router<SandboxRequestContext> {
        let router = Router(context: SandboxRequestContext.self)
        router.add(middleware: FaultMiddleware(state: state))
        router.add(middleware: RateLimitMiddleware(state: state))
        router.add(middleware: AuthMiddleware(state: state))
        AuthRoutes(state: state).register(on: router)
        JobRoutes(state: state).register(on: router)
        ResourceRoutes(state: state).register(on: router)
        for method in [HTTPRequest.Method.get, .post, .patch, .put, .delete] {
            router.on("/**", method: method) { request, _ in
                JSONResponse.error(.notFound("no route for \(request.method) \(request.uri.path)"))
            }
        }
        return router
    }
}
