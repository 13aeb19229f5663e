import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerExpectContinueHandler;
import io.netty.handler.codec.http.HttpUtil;
import java.nio.charset.StandardCharsets;

/**
 * Netty written the way its own example io.netty.example.http.helloworld.HttpHelloWorldServer
 * writes it: HttpServerCodec without an aggregator, a write per request and one flush when the
 * read batch ends (channelReadComplete), so that pipelined responses leave in one write. Serves
 * the TechEmpower pages too: /plaintext ("Hello, World!") and /json ({"message":"Hello, World!"},
 * encoded per request as TechEmpower requires; Netty has no JSON writer, so a hand-written one).
 * Usage: NettyHelloWorld PORT [EVENT_LOOPS]
 */
public class NettyHelloWorld {
    private static final byte[] HELLO = "Hello Python Tornado!".getBytes(StandardCharsets.UTF_8);
    private static final byte[] PLAINTEXT = "Hello, World!".getBytes(StandardCharsets.UTF_8);

    static final class Handler extends SimpleChannelInboundHandler<HttpObject> {
        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            ctx.flush();
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, HttpObject msg) {
            if (!(msg instanceof HttpRequest)) {
                return;
            }
            HttpRequest req = (HttpRequest) msg;
            boolean keepAlive = HttpUtil.isKeepAlive(req);
            String uri = req.uri();
            byte[] body;
            CharSequence type;
            if (uri.equals("/plaintext")) {
                body = PLAINTEXT;
                type = HttpHeaderValues.TEXT_PLAIN;
            } else if (uri.equals("/json")) {
                body = json("message", "Hello, World!");
                type = HttpHeaderValues.APPLICATION_JSON;
            } else {
                body = HELLO;
                type = "text/html; charset=UTF-8";
            }
            FullHttpResponse res = new DefaultFullHttpResponse(req.protocolVersion(),
                    HttpResponseStatus.OK, Unpooled.wrappedBuffer(body));
            res.headers().set(HttpHeaderNames.CONTENT_TYPE, type)
                    .setInt(HttpHeaderNames.CONTENT_LENGTH, res.content().readableBytes());
            if (keepAlive) {
                if (!req.protocolVersion().isKeepAliveDefault()) {
                    res.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
                }
            } else {
                res.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            }
            ChannelFuture f = ctx.write(res);
            if (!keepAlive) {
                f.addListener(ChannelFutureListener.CLOSE);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }

    /** {"key":"value"} for plain ASCII text without quotes or backslashes, built per call. */
    static byte[] json(String key, String value) {
        StringBuilder sb = new StringBuilder(key.length() + value.length() + 7);
        sb.append("{\"").append(key).append("\":\"").append(value).append("\"}");
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    public static void main(String[] args) throws Exception {
        int loops = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        EventLoopGroup boss = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        EventLoopGroup workers = loops == 1 ? boss
                : new MultiThreadIoEventLoopGroup(loops, NioIoHandler.newFactory());
        new ServerBootstrap().group(boss, workers)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new HttpServerCodec(),
                                new HttpServerExpectContinueHandler(), new Handler());
                    }
                })
                .bind("127.0.0.1", Integer.parseInt(args[0])).sync().channel().closeFuture().sync();
    }
}
