/**
 * Non-blocking TCP on an {@link dev.weft.IOLoop}: Tornado's {@code tornado.iostream},
 * {@code tornado.tcpserver} and {@code tornado.tcpclient}.
 *
 * <p>{@link dev.weft.net.IOStream} reads and writes a socket with {@link dev.weft.Future}s,
 * {@link dev.weft.net.TCPServer} accepts connections and hands each to a subclass as a stream, and
 * {@link dev.weft.net.TCPClient} opens them. Everything runs on loop threads; an async coroutine
 * awaits the futures with {@code Co.await}.
 *
 * <p>TLS: {@link dev.weft.net.SslIOStream} is an {@code IOStream} whose bytes go through the
 * JDK's {@link javax.net.ssl.SSLEngine}; the stream's buffering and read/write logic are the same
 * code, only the transport under it differs (plain socket or TLS). The handshake, its delegated
 * tasks, renegotiation (refused on TLS 1.2, TLS 1.3's post-handshake messages served) and
 * close_notify (sent on close and on a half-close, answered and honoured when received) all run on
 * the stream's loop thread. {@code TCPServer} and {@code TCPClient} take an
 * {@link javax.net.ssl.SSLContext} to use it.
 */
package dev.weft.net;
