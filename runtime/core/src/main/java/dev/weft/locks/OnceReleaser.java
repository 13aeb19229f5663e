package dev.weft.locks;

/** The {@link Releaser} of one acquisition: it releases once, on its first close. */
final class OnceReleaser implements Releaser {
    private Releasable held;

    OnceReleaser(Releasable held) {
        this.held = held;
    }

    @Override
    public void close() {
        Releasable r = held;
        if (r != null) {
            held = null;
            r.release();
        }
    }

    @Override
    public String toString() {
        return "Releaser[" + (held == null ? "released" : "of " + held) + "]";
    }
}
