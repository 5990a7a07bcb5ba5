import Hummingbird
import NIOCore

/// The request context of the sandbox: Hummingbird's core storage, the connection (so a
/// fault can drop it) and the grant of the request's token once authenticated.
package struct SandboxRequestContext: RequestContext {
    package var coreContext: CoreRequestContextStorage
    /// The connection the request came on.
    let channel: any Channel
    /// The token's grant, set by `AuthMiddleware` for `/api` requests.
    var grant: TokenIssuer.Grant?

    package init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        channel = source.channel
    }
}
