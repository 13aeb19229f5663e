package dev.weft.weaver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.jdi.Bootstrap;
import com.sun.jdi.IntegerValue;
import com.sun.jdi.LocalVariable;
import com.sun.jdi.Location;
import com.sun.jdi.ReferenceType;
import com.sun.jdi.StackFrame;
import com.sun.jdi.VMDisconnectedException;
import com.sun.jdi.VirtualMachine;
import com.sun.jdi.connect.AttachingConnector;
import com.sun.jdi.connect.Connector;
import com.sun.jdi.event.BreakpointEvent;
import com.sun.jdi.event.ClassPrepareEvent;
import com.sun.jdi.event.Event;
import com.sun.jdi.event.EventSet;
import com.sun.jdi.event.VMDeathEvent;
import com.sun.jdi.event.VMDisconnectEvent;
import com.sun.jdi.request.ClassPrepareRequest;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A debugger sees woven code as the user wrote it: a breakpoint on a line after a resume is hit,
 * in the user's method, with the user's locals and their values.
 */
class DebuggerTest {
    private static final String DEBUGGEE = "dev/weft/fixtures/Debuggee";
    /** The events the debugger saw, for the failure message. */
    private static final ThreadLocal<List<String>> EVENTS = new ThreadLocal<>();

    @Test
    @Timeout(60)
    void breakpointAfterAResumeIsHitWithTheUsersLocals(@TempDir Path dir) throws Exception {
        ChildJvm.weaveFixtures(dir, DEBUGGEE);
        int line = lineOf("src/test/java/dev/weft/fixtures/Debuggee.java", "BREAK-HERE");
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(javaBin,
                "-agentlib:jdwp=transport=dt_socket,server=y,suspend=y,address=127.0.0.1:0",
                "-cp", dir + File.pathSeparator + ChildJvm.runtimeClasses(),
                DEBUGGEE.replace('/', '.')).redirectErrorStream(true).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream()));
            int port = port(out);
            List<Map<String, Integer>> hits = debug(port, line);
            // Three iterations, each stopping after the resume with the loop's locals in view.
            assertEquals(3, hits.size(), hits + " after events " + EVENTS.get());
            for (int i = 0; i < 3; i++) {
                Map<String, Integer> locals = hits.get(i);
                assertEquals(3, locals.get("limit"));
                assertEquals(i, locals.get("i"));
                assertEquals(i * (i - 1) / 2, locals.get("total"));
            }
            // From the reader, not the raw stream: the reader may already hold the last line.
            StringBuilder rest = new StringBuilder();
            for (String l = out.readLine(); l != null; l = out.readLine()) {
                rest.append(l).append('\n');
            }
            assertTrue(rest.toString().contains("sum 3"), rest.toString());
        } finally {
            child.destroyForcibly();
        }
    }

    @Test
    @Timeout(60)
    void breakpointInALambdaCoroutineSeesItsCapturedAndOwnLocals(@TempDir Path dir)
            throws Exception {
        String debuggee = "dev/weft/fixtures/LambdaDebuggee";
        ChildJvm.weaveFixtures(dir, debuggee);
        int line = lineOf("src/test/java/dev/weft/fixtures/LambdaDebuggee.java", "BREAK-HERE");
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(javaBin,
                "-agentlib:jdwp=transport=dt_socket,server=y,suspend=y,address=127.0.0.1:0",
                "-cp", dir + File.pathSeparator + ChildJvm.runtimeClasses(),
                debuggee.replace('/', '.')).redirectErrorStream(true).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream()));
            int port = port(out);
            List<Map<String, Integer>> hits = debug(port, line, debuggee, "lambda$counter$");
            assertEquals(3, hits.size(), hits + " after events " + EVENTS.get());
            for (int i = 0; i < 3; i++) {
                Map<String, Integer> locals = hits.get(i);
                // limit and step are captured: javac passes them as the lambda's parameters.
                assertEquals(3, locals.get("limit"), locals.toString());
                assertEquals(2, locals.get("step"), locals.toString());
                assertEquals(i, locals.get("i"));
                assertEquals(i * (i - 1) / 2, locals.get("total"));
                assertTrue(locals.containsKey("label"), "the captured String too: " + locals);
            }
            StringBuilder rest = new StringBuilder();
            for (String l = out.readLine(); l != null; l = out.readLine()) {
                rest.append(l).append('\n');
            }
            assertTrue(rest.toString().contains("total 3") && rest.toString().contains("sum 6"),
                    rest.toString());
        } finally {
            child.destroyForcibly();
        }
    }

    private static List<Map<String, Integer>> debug(int port, int line) throws Exception {
        return debug(port, line, DEBUGGEE, "counter");
    }

    /**
     * Runs the debuggee to its end with breakpoints on {@code line}; each hit must be in a method
     * whose name starts with {@code method}. Integer locals by name, and others as present (-1).
     */
    private static List<Map<String, Integer>> debug(int port, int line, String debuggee,
            String method) throws Exception {
        AttachingConnector socket = Bootstrap.virtualMachineManager().attachingConnectors()
                .stream().filter(c -> c.name().equals("com.sun.jdi.SocketAttach")).findFirst()
                .orElseThrow();
        Map<String, Connector.Argument> args = socket.defaultArguments();
        args.get("hostname").setValue("127.0.0.1");
        args.get("port").setValue(Integer.toString(port));
        VirtualMachine vm = socket.attach(args);
        ClassPrepareRequest prepare = vm.eventRequestManager().createClassPrepareRequest();
        prepare.addClassFilter(debuggee.replace('/', '.'));
        prepare.enable();
        // No vm.resume() here: the VM start event's set resumes it below. An extra resume would
        // later cancel the suspension of the class-prepare event before the breakpoints are set.
        List<Map<String, Integer>> hits = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        EVENTS.set(seen);
        while (true) {
            EventSet events;
            try {
                events = vm.eventQueue().remove(60_000);
            } catch (VMDisconnectedException exited) {
                seen.add("disconnected");
                return hits; // the debuggee ended before its death event was read
            }
            if (events == null) {
                throw new AssertionError("the debuggee went quiet");
            }
            for (Event event : events) {
                seen.add(event.getClass().getSimpleName());
                if (event instanceof ClassPrepareEvent prepared) {
                    ReferenceType type = prepared.referenceType();
                    List<Location> locations = type.locationsOfLine(line);
                    assertFalse(locations.isEmpty(), "no code at line " + line);
                    for (Location location : locations) {
                        vm.eventRequestManager().createBreakpointRequest(location).enable();
                    }
                } else if (event instanceof BreakpointEvent hit) {
                    StackFrame frame = hit.thread().frame(0);
                    String name = frame.location().method().name();
                    assertTrue(name.startsWith(method), name);
                    assertEquals(line, frame.location().lineNumber());
                    Map<String, Integer> values = new HashMap<>();
                    for (LocalVariable v : frame.visibleVariables()) {
                        if (frame.getValue(v) instanceof IntegerValue iv) {
                            values.put(v.name(), iv.value());
                        } else {
                            values.put(v.name(), -1);
                        }
                    }
                    hits.add(values);
                } else if (event instanceof VMDeathEvent || event instanceof VMDisconnectEvent) {
                    return hits;
                }
            }
            try {
                events.resume();
            } catch (VMDisconnectedException exited) {
                return hits;
            }
        }
    }

    /** The port in the agent's "Listening for transport dt_socket at address: N" line. */
    private static int port(BufferedReader out) throws java.io.IOException {
        Pattern banner = Pattern.compile("Listening for transport .*address: .*?(\\d+)\\s*$");
        StringBuilder seen = new StringBuilder();
        // The JVM may print warnings first (under load, for instance): read on to the banner.
        for (String line = out.readLine(); line != null; line = out.readLine()) {
            Matcher m = banner.matcher(line);
            if (m.find()) {
                return Integer.parseInt(m.group(1));
            }
            seen.append(line).append('\n');
        }
        throw new AssertionError("no debug port in: " + seen);
    }

    private static int lineOf(String file, String marker) throws Exception {
        List<String> lines = Files.readAllLines(Path.of(file));
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(marker)) {
                return i + 1;
            }
        }
        throw new AssertionError(marker);
    }
}
