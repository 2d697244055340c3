import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import NIOPosix

/// A tiny HTTP server on 127.0.0.1 that answers each POST with what `reply` returns for its body
/// (status and body text), or never answers when `reply` returns nil: enough to drive
/// `NEARRPCClient` through real HTTP. The bodies it received are kept in `requests`.
final class CannedHTTPServer: Sendable {
    typealias Reply = @Sendable ([UInt8]) -> (status: Int, body: String)?

    let port: Int
    private let channel: any Channel
    private let received: NIOLockedValueBox<[[UInt8]]>

    var url: String { "http://127.0.0.1:\(port)" }
    var requests: [[UInt8]] { received.withLockedValue { $0 } }

    init(reply: @escaping Reply) async throws {
        let received = NIOLockedValueBox<[[UInt8]]>([])
        self.received = received
        channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    try channel.pipeline.syncOperations.addHandler(Handler(reply: reply, received: received))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        port = channel.localAddress?.port ?? 0
    }

    func stop() async throws { try await channel.close() }

    private final class Handler: ChannelInboundHandler {
        typealias InboundIn = HTTPServerRequestPart
        typealias OutboundOut = HTTPServerResponsePart

        let reply: Reply
        let received: NIOLockedValueBox<[[UInt8]]>
        var body: [UInt8] = []

        init(reply: @escaping Reply, received: NIOLockedValueBox<[[UInt8]]>) {
            self.reply = reply
            self.received = received
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            switch unwrapInboundIn(data) {
            case .head: body = []
            case .body(let buffer): body += Array(buffer: buffer)
            case .end:
                let request = body
                received.withLockedValue { $0.append(request) }
                guard let (status, text) = reply(request) else { return }
                var headers = HTTPHeaders()
                headers.add(name: "Content-Type", value: "application/json")
                headers.add(name: "Content-Length", value: String(text.utf8.count))
                let head = HTTPResponseHead(version: .http1_1, status: HTTPResponseStatus(statusCode: status), headers: headers)
                context.write(wrapOutboundOut(.head(head)), promise: nil)
                context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(string: text)))), promise: nil)
                context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
            }
        }
    }
}
