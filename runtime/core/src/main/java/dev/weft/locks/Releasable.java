package dev.weft.locks;

/** What a {@link OnceReleaser} releases: a {@link Lock} or a {@link Semaphore}. */
interface Releasable {
    void release();
}
