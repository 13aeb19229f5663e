import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.DefaultFileRegion;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.stream.ChunkedWriteHandler;
import io.netty.util.CharsetUtil;
import java.io.File;
import java.io.FileNotFoundException;
import java.io.RandomAccessFile;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.text.SimpleDateFormat;
import java.util.Calendar;
import java.util.Date;
import java.util.GregorianCalendar;
import java.util.Locale;
import java.util.TimeZone;
import java.util.regex.Pattern;

/**
 * The baseline of the static-file benchmark: Netty's {@code HttpStaticFileServer} example
 * (io.netty.example.http.file, 4.2) as that example is written: HttpServerCodec,
 * HttpObjectAggregator(65536), ChunkedWriteHandler, and a handler that checks the path, answers
 * If-Modified-Since with 304, and sends the file with a zero-copy {@link DefaultFileRegion} (the
 * example's path without TLS), with Date, Expires, Cache-Control and Last-Modified headers.
 * Two changes, both cuts: the content type comes from {@link Files#probeContentType} (the
 * example's javax.activation MimetypesFileTypeMap is not in JDK 17), and the example's
 * progress listener, which prints a line to System.err per progress event, is left out (weft is
 * measured with its access log off too). Directory listings are left out (not measured).
 * One NIO event loop accepts and serves, as the hello baseline. Usage: NettyStaticFile PORT ROOT
 */
public class NettyStaticFile {
    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        String root = new File(args[1]).getAbsolutePath();
        EventLoopGroup loop = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        try {
            ServerBootstrap b = new ServerBootstrap();
            b.group(loop, loop)
                    .channel(NioServerSocketChannel.class)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        public void initChannel(SocketChannel ch) {
                            ChannelPipeline pipeline = ch.pipeline();
                            pipeline.addLast(new HttpServerCodec());
                            pipeline.addLast(new HttpObjectAggregator(65536));
                            pipeline.addLast(new ChunkedWriteHandler());
                            pipeline.addLast(new Handler(root));
                        }
                    });
            b.bind("127.0.0.1", port).sync().channel().closeFuture().sync();
        } finally {
            loop.shutdownGracefully();
        }
    }

    static final class Handler extends SimpleChannelInboundHandler<FullHttpRequest> {
        static final String HTTP_DATE_FORMAT = "EEE, dd MMM yyyy HH:mm:ss zzz";
        static final String HTTP_DATE_GMT_TIMEZONE = "GMT";
        static final int HTTP_CACHE_SECONDS = 60;
        private static final Pattern INSECURE_URI = Pattern.compile(".*[<>&\"].*");

        private final String root;
        private FullHttpRequest request;

        Handler(String root) {
            this.root = root;
        }

        @Override
        public void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) throws Exception {
            this.request = request;
            if (!request.decoderResult().isSuccess()) {
                sendError(ctx, HttpResponseStatus.BAD_REQUEST);
                return;
            }
            if (!HttpMethod.GET.equals(request.method())) {
                sendError(ctx, HttpResponseStatus.METHOD_NOT_ALLOWED);
                return;
            }
            final boolean keepAlive = HttpUtil.isKeepAlive(request);
            final String path = sanitizeUri(request.uri());
            if (path == null) {
                sendError(ctx, HttpResponseStatus.FORBIDDEN);
                return;
            }
            File file = new File(path);
            if (file.isHidden() || !file.exists()) {
                sendError(ctx, HttpResponseStatus.NOT_FOUND);
                return;
            }
            if (!file.isFile()) {
                sendError(ctx, HttpResponseStatus.FORBIDDEN);
                return;
            }
            // Cache Validation
            String ifModifiedSince = request.headers().get(HttpHeaderNames.IF_MODIFIED_SINCE);
            if (ifModifiedSince != null && !ifModifiedSince.isEmpty()) {
                SimpleDateFormat dateFormatter = new SimpleDateFormat(HTTP_DATE_FORMAT, Locale.US);
                Date ifModifiedSinceDate = dateFormatter.parse(ifModifiedSince);
                long ifModifiedSinceDateSeconds = ifModifiedSinceDate.getTime() / 1000;
                long fileLastModifiedSeconds = file.lastModified() / 1000;
                if (ifModifiedSinceDateSeconds == fileLastModifiedSeconds) {
                    sendNotModified(ctx);
                    return;
                }
            }
            RandomAccessFile raf;
            try {
                raf = new RandomAccessFile(file, "r");
            } catch (FileNotFoundException ignore) {
                sendError(ctx, HttpResponseStatus.NOT_FOUND);
                return;
            }
            long fileLength = raf.length();

            HttpResponse response = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
            HttpUtil.setContentLength(response, fileLength);
            setContentTypeHeader(response, file);
            setDateAndCacheHeaders(response, file);
            if (!keepAlive) {
                response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            } else if (request.protocolVersion().equals(HttpVersion.HTTP_1_0)) {
                response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
            }
            // Write the initial line and the header.
            ctx.write(response);
            // Write the content (no TLS here: the zero-copy file region).
            ctx.write(new DefaultFileRegion(raf.getChannel(), 0, fileLength), ctx.newProgressivePromise());
            // Write the end marker.
            ChannelFuture lastContentFuture = ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
            if (!keepAlive) {
                lastContentFuture.addListener(ChannelFutureListener.CLOSE);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            cause.printStackTrace();
            if (ctx.channel().isActive()) {
                sendError(ctx, HttpResponseStatus.INTERNAL_SERVER_ERROR);
            }
        }

        private String sanitizeUri(String uri) {
            uri = URLDecoder.decode(uri, StandardCharsets.UTF_8);
            if (uri.isEmpty() || uri.charAt(0) != '/') {
                return null;
            }
            uri = uri.replace('/', File.separatorChar);
            // The example's "simplistic dumb security check".
            if (uri.contains(File.separator + '.') || uri.contains('.' + File.separator)
                    || uri.charAt(0) == '.' || uri.charAt(uri.length() - 1) == '.'
                    || INSECURE_URI.matcher(uri).matches()) {
                return null;
            }
            return root + File.separator + uri;
        }

        private void sendError(ChannelHandlerContext ctx, HttpResponseStatus status) {
            FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                    Unpooled.copiedBuffer("Failure: " + status + "\r\n", CharsetUtil.UTF_8));
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=UTF-8");
            sendAndCleanupConnection(ctx, response);
        }

        private void sendNotModified(ChannelHandlerContext ctx) {
            FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                    HttpResponseStatus.NOT_MODIFIED, Unpooled.EMPTY_BUFFER);
            setDateHeader(response);
            sendAndCleanupConnection(ctx, response);
        }

        private void sendAndCleanupConnection(ChannelHandlerContext ctx, FullHttpResponse response) {
            final boolean keepAlive = HttpUtil.isKeepAlive(request);
            HttpUtil.setContentLength(response, response.content().readableBytes());
            if (!keepAlive) {
                response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            } else if (request.protocolVersion().equals(HttpVersion.HTTP_1_0)) {
                response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
            }
            ChannelFuture flushPromise = ctx.writeAndFlush(response);
            if (!keepAlive) {
                flushPromise.addListener(ChannelFutureListener.CLOSE);
            }
        }

        private static void setDateHeader(FullHttpResponse response) {
            SimpleDateFormat dateFormatter = new SimpleDateFormat(HTTP_DATE_FORMAT, Locale.US);
            dateFormatter.setTimeZone(TimeZone.getTimeZone(HTTP_DATE_GMT_TIMEZONE));
            Calendar time = new GregorianCalendar();
            response.headers().set(HttpHeaderNames.DATE, dateFormatter.format(time.getTime()));
        }

        private static void setDateAndCacheHeaders(HttpResponse response, File fileToCache) {
            SimpleDateFormat dateFormatter = new SimpleDateFormat(HTTP_DATE_FORMAT, Locale.US);
            dateFormatter.setTimeZone(TimeZone.getTimeZone(HTTP_DATE_GMT_TIMEZONE));
            Calendar time = new GregorianCalendar();
            response.headers().set(HttpHeaderNames.DATE, dateFormatter.format(time.getTime()));
            time.add(Calendar.SECOND, HTTP_CACHE_SECONDS);
            response.headers().set(HttpHeaderNames.EXPIRES, dateFormatter.format(time.getTime()));
            response.headers().set(HttpHeaderNames.CACHE_CONTROL, "private, max-age=" + HTTP_CACHE_SECONDS);
            response.headers().set(HttpHeaderNames.LAST_MODIFIED,
                    dateFormatter.format(new Date(fileToCache.lastModified())));
        }

        private static void setContentTypeHeader(HttpResponse response, File file) throws Exception {
            String type = Files.probeContentType(file.toPath());
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, type == null ? "application/octet-stream" : type);
        }
    }
}
