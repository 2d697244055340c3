import Hummingbird
import NIOCore

/// The per-request context: Hummingbird's core storage plus the connection, which the API
/// closes after refusing an oversized body instead of reading the rest of it.
struct APIRequestContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    let channel: any Channel

    init(source: ApplicationRequestContextSource) {
        self.coreContext = CoreRequestContextStorage(source: source)
        self.channel = source.channel
    }
}
