package dev.weft.fuzz;

import dev.weft.fuzz.Referee.Result;
import dev.weft.fuzz.Referee.Verdict;
import java.lang.reflect.Method;
import java.util.List;

/**
 * Runs one async program of a loaded batch two ways and compares: the reference body plainly,
 * with the await plans chosen as it reaches them, then the woven coroutines on a real IOLoop with
 * the same plans (see {@link AsyncRun}). Compilation, weaving and loading are {@link Referee}'s.
 */
final class AsyncReferee {
    private AsyncReferee() {
    }

    static Result runOne(Referee.Loaded loaded, int index, Referee.Schedule schedule) {
        String entry = Printer.prefixOf(index) + "entry";
        Method refEntry;
        Method wovenEntry;
        try {
            refEntry = loaded.reference().getMethod(entry);
            wovenEntry = loaded.woven().getMethod(entry);
        } catch (NoSuchMethodException e) {
            throw new AssertionError(e);
        }
        boolean offLoop = offLoop(index);
        long t3 = System.nanoTime();
        H.refuel(Referee.FUEL);
        AsyncRun ref = AsyncRun.reference(() -> Referee.call(refEntry), new AwaitChooser(
                schedule.seed(), loaded.kinds(), loaded.gens(), schedule.maxOps(), !offLoop));
        boolean fuelOut = H.fuelOut;
        Referee.NANOS[3] += System.nanoTime() - t3;
        if (fuelOut) {
            return new Result(Verdict.SKIPPED, "the reference ran out of fuel", ref.plans,
                    ref.lines, List.of());
        }
        H.refuel(Referee.FUEL);
        long t4 = System.nanoTime();
        List<String> woven = offLoop
                ? AsyncRun.wovenOffLoop(() -> Referee.call(wovenEntry), ref.plans)
                : AsyncRun.woven(() -> Referee.call(wovenEntry), ref.plans);
        Referee.NANOS[4] += System.nanoTime() - t4;
        List<String> expected = offLoop ? AsyncRun.withoutTurns(ref.lines) : ref.lines;
        int diff = Driver.firstDifference(expected, woven);
        if (diff < 0) {
            return new Result(Verdict.AGREE, null, ref.plans, expected, woven);
        }
        return new Result(Verdict.DIVERGE, (offLoop ? "off the loop: " : "")
                + "first difference at line " + diff + ": expected <"
                + (diff < expected.size() ? expected.get(diff) : "end")
                + "> but the woven coroutine gave <"
                + (diff < woven.size() ? woven.get(diff) : "end") + ">", ref.plans, expected,
                woven);
    }

    /**
     * Whether program {@code index} runs on a thread with no IOLoop (one in four), where it
     * resumes on the threads that complete its futures, rather than on the test thread's loop.
     */
    static boolean offLoop(int index) {
        return index % 4 == 3;
    }

    /**
     * Compiles and weaves one woven compilation unit (class {@code dev.weft.fuzz.gen.FuzzW0} with
     * a {@code p0_entry()} method) and runs it with fixed plans: a regression test's transcript.
     */
    static List<String> wovenTranscript(String source, String plans) throws Exception {
        Method entry = Referee.wovenEntry(source);
        H.refuel(Referee.FUEL);
        return AsyncRun.woven(() -> Referee.call(entry), Plan.parse(plans));
    }

    /** {@link #wovenTranscript} on a thread with no IOLoop. */
    static List<String> wovenTranscriptOffLoop(String source, String plans) throws Exception {
        Method entry = Referee.wovenEntry(source);
        H.refuel(Referee.FUEL);
        return AsyncRun.wovenOffLoop(() -> Referee.call(entry), Plan.parse(plans));
    }
}
