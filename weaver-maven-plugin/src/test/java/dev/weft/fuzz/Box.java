package dev.weft.fuzz;

/** A mutable object for fuzzed programs: constructor arguments, fields, receivers. */
public final class Box {
    public Object o;
    public int v;

    public Box(Object o, int v) {
        this.o = o;
        this.v = v;
    }

    public Box(long a, Object o, double d) {
        this.o = o;
        this.v = (int) (a * 3 + (long) d);
    }

    public int add(int d) {
        v += d;
        return v;
    }

    public Box with(Object o) {
        this.o = o;
        return this;
    }

    @Override
    public String toString() {
        return H.render(this);
    }
}
