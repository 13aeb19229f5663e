/**
 * The plugin's two goals: {@code weft:weave} ({@code process-classes}, {@code target/classes}) and
 * {@code weft:weave-tests} ({@code process-test-classes}, {@code target/test-classes}).
 *
 * <p>They only find the directories and the class path, call {@link dev.weft.weaver.DirectoryWeaver}
 * and report: one summary line, every woven method with {@code -Dweft.verbose}, and every
 * {@code File.java:LINE: message} of a coroutine that cannot work as a build failure.
 */
package dev.weft.maven;
