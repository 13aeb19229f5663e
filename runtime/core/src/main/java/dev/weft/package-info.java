/**
 * Python generators and Tornado coroutines for Java: what user code calls, and what woven
 * coroutines run on.
 *
 * <p>A method annotated {@link dev.weft.Coroutine @Coroutine} is rewritten at build time (by
 * {@code weft-maven-plugin}) into a resumable state machine. Its declared return type says which
 * kind it is:
 * <ul>
 *   <li>a {@link dev.weft.Generator} is lazy and has CPython 3.11's generator semantics: its body
 *       runs on the first {@code next()}, and {@link dev.weft.Co#yield(Object) Co.yield} and
 *       {@link dev.weft.Co#yieldFrom(Generator) Co.yieldFrom} suspend it;</li>
 *   <li>a {@link dev.weft.Future} is Tornado's {@code @gen.coroutine}: the body starts at once
 *       and {@link dev.weft.Co#await(Future) Co.await} suspends it until a future is done.</li>
 * </ul>
 *
 * <p>{@link dev.weft.IOLoop} is the event loop (one per thread, on a NIO selector) that resumes
 * async coroutines, runs callbacks and timers, and watches channels; {@link dev.weft.Co} also has
 * Tornado's helpers ({@code sleep}, {@code moment}, {@code all}, {@code withTimeout}).
 *
 * <p>Threads, in short (each type's Javadoc has its rules): an {@code IOLoop} belongs to one
 * thread and runs everything on it, while adding callbacks and timers to it, and completing a
 * {@code Future}, are thread-safe. A generator, like a Python generator, is not thread-safe.
 *
 * <p>The same artifact holds {@code dev.weft.internal}: support for the woven code, not an API.
 * {@code weft-web} ({@code dev.weft.net}, {@code dev.weft.http}, {@code dev.weft.web}) and
 * {@code weft-sql} ({@code dev.weft.sql}) build on this package.
 */
package dev.weft;
