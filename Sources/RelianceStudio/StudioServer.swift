import NIOCore
import NIOHTTP1
import NIOPosix
import RelianceKit

/// Serves a `StudioApp` over HTTP/1.1 on 127.0.0.1 only, on one event loop: the session is
/// confined to that loop's thread (`NIOLoopBoundBox`), so requests are answered one at a time,
/// in the order they come, which is what one analyst's page needs.
package final class StudioServer: Sendable {
    private let group: MultiThreadedEventLoopGroup
    private let channel: any Channel
    package let port: Int
    package let address: String

    /// Binds `127.0.0.1:port` (0: a free port) and starts answering with `app`.
    package init(app: sending StudioApp, port: Int) throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let loop = group.next()
        let box = NIOLoopBoundBox.makeBoxSendingValue(app, eventLoop: loop)
        let bootstrap = ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 16)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    // A connection that sends nothing for a minute is closed: a page's requests come at once.
                    try channel.pipeline.syncOperations.addHandler(IdleStateHandler(readTimeout: .seconds(60)))
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: true)
                    try channel.pipeline.syncOperations.addHandler(StudioHTTPHandler(app: box))
                }
            }
        do {
            channel = try bootstrap.bind(host: "127.0.0.1", port: port).wait()
        } catch {
            try? group.syncShutdownGracefully()
            throw error
        }
        self.group = group
        self.port = channel.localAddress?.port ?? port
        let bound = self.port
        address = try loop.submit {
            box.value.port = bound
            return box.value.address
        }.wait()
    }

    /// Runs until the channel is closed (the process is interrupted).
    package func wait() throws {
        try channel.closeFuture.wait()
    }

    package func stop() {
        try? channel.close().wait()
        try? group.syncShutdownGracefully()
    }
}

/// Collects one request (head and body, the body bounded) and answers it through the app.
final class StudioHTTPHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let app: NIOLoopBoundBox<StudioApp>
    private var head: HTTPRequestHead?
    private var body: [UInt8] = []
    private var tooLarge = false
    /// The request was refused by its head: its body is not read, and the connection closes.
    private var refused = false

    init(app: NIOLoopBoundBox<StudioApp>) {
        self.app = app
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case let .head(requestHead):
            head = requestHead
            body = []
            tooLarge = false
            refused = false
            // Who may ask is known from the head: a stranger's body is never held in memory.
            let request = StudioRequest(method: requestHead.method.rawValue, uri: requestHead.uri,
                                        headers: requestHead.headers.map { (name: $0.name, value: $0.value) })
            if let refusal = app.value.refusal(forHead: request) {
                refused = true
                head = nil
                write(StudioApp.secured(refusal), keepAlive: false, context: context)
            }
        case var .body(buffer):
            if refused { return }
            if body.count + buffer.readableBytes > StudioApp.bodyLimit {
                tooLarge = true
            } else if let bytes = buffer.readBytes(length: buffer.readableBytes) {
                body += bytes
            }
        case .end:
            guard let head else { return }
            self.head = nil
            let response: StudioResponse
            if tooLarge {
                response = StudioApp.secured(StudioApp.failure(413, "the request is larger than the studio takes"))
            } else {
                let request = StudioRequest(method: head.method.rawValue, uri: head.uri,
                                            headers: head.headers.map { (name: $0.name, value: $0.value) }, body: body)
                response = app.value.handle(request)
            }
            body = []
            write(response, keepAlive: head.isKeepAlive && !tooLarge, context: context)
        }
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if event is IdleStateHandler.IdleStateEvent {
            context.close(promise: nil)
        } else {
            context.fireUserInboundEventTriggered(event)
        }
    }

    private func write(_ response: StudioResponse, keepAlive: Bool, context: ChannelHandlerContext) {
        var headers = HTTPHeaders(response.headers.map { ($0.name, $0.value) })
        headers.add(name: "Content-Length", value: String(response.body.count))
        if !keepAlive { headers.add(name: "Connection", value: "close") }
        let head = HTTPResponseHead(version: .http1_1, status: HTTPResponseStatus(statusCode: response.status), headers: headers)
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        var buffer = context.channel.allocator.buffer(capacity: response.body.count)
        buffer.writeBytes(response.body)
        context.write(wrapOutboundOut(.body(.byteBuffer(buffer))), promise: nil)
        let done = context.writeAndFlush(wrapOutboundOut(.end(nil)))
        if !keepAlive {
            let loopBound = NIOLoopBound(context, eventLoop: context.eventLoop)
            done.whenComplete { _ in loopBound.value.close(promise: nil) }
        }
    }
}
