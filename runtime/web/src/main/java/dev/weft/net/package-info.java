/**
 * Non-blocking TCP on an {@link dev.weft.IOLoop}: Tornado's {@code tornado.iostream},
 * {@code tornado.tcpserver} and {@code tornado.tcpclient}.
 *
 * <p>{@link dev.weft.net.IOStream} reads and writes a socket with {@link dev.weft.Future}s,
 * {@link dev.weft.net.TCPServer} accepts connections and hands each to a subclass as a stream, and
 * {@link dev.weft.net.TCPClient} opens them. Everything runs on loop threads; an async coroutine
 * awaits the futures with {@code Co.await}.
 */
package dev.weft.net;
