import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;

/**
 * Netty's HTTP codec on one NIO event loop (accept and I/O), the same page. Usage: NettyHello PORT.
 * With {@code -Dweft.tls.keystore=server.p12} (password {@code changeit}) it serves HTTPS as
 * Netty's HttpHelloWorldServer does with its SSL option ({@code sslCtx.newHandler} first in the
 * pipeline), on the JDK's TLS provider ({@code SslProvider.JDK}).
 */
public class NettyHello {
    public static void main(String[] args) throws Exception {
        byte[] body = "Hello Python Tornado!".getBytes(StandardCharsets.UTF_8);
        String keystore = System.getProperty("weft.tls.keystore");
        final SslContext sslCtx;
        if (keystore != null) {
            char[] password = "changeit".toCharArray();
            KeyStore ks = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(Path.of(keystore))) {
                ks.load(in, password);
            }
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, password);
            sslCtx = SslContextBuilder.forServer(kmf).sslProvider(SslProvider.JDK).build();
        } else {
            sslCtx = null;
        }
        EventLoopGroup loop = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        new ServerBootstrap().group(loop, loop)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        if (sslCtx != null) {
                            ch.pipeline().addLast(sslCtx.newHandler(ch.alloc()));
                        }
                        ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(1 << 20),
                                new SimpleChannelInboundHandler<HttpRequest>() {
                                    @Override
                                    protected void channelRead0(ChannelHandlerContext ctx, HttpRequest req) {
                                        ByteBuf content = Unpooled.wrappedBuffer(body);
                                        FullHttpResponse res = new DefaultFullHttpResponse(
                                                HttpVersion.HTTP_1_1, HttpResponseStatus.OK, content);
                                        res.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/html; charset=UTF-8");
                                        res.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
                                        if (HttpUtil.isKeepAlive(req)) {
                                            ctx.writeAndFlush(res);
                                        } else {
                                            ctx.writeAndFlush(res).addListener(ChannelFutureListener.CLOSE);
                                        }
                                    }
                                });
                    }
                })
                .bind("127.0.0.1", Integer.parseInt(args[0])).sync().channel().closeFuture().sync();
    }
}
