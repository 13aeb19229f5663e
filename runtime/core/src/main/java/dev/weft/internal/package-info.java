/**
 * What woven code calls: the frame base classes, the {@code @Woven} mark, and the loop's queues.
 *
 * <p>Not an API: these types are public only because the frame classes the weaver generates live
 * in the users' own packages and must reach them. They may change in any release, and they are
 * left out of the published Javadoc.
 */
package dev.weft.internal;
