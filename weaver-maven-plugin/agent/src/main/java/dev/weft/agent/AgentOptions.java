package dev.weft.agent;

import java.nio.file.Path;

/**
 * What follows {@code =} in {@code -javaagent:weft-agent.jar=...}: comma-separated
 * {@code verbose} (one line on standard error per woven class) and {@code dump=DIR} (write every
 * class the agent changed or generated below {@code DIR}, as the build would write them).
 *
 * @param verbose whether to report every woven class
 * @param dump where to write the classes the agent produced, or null
 */
record AgentOptions(boolean verbose, Path dump) {

    static AgentOptions parse(String args) {
        boolean verbose = false;
        Path dump = null;
        if (args != null && !args.isBlank()) {
            for (String option : args.split(",")) {
                String o = option.trim();
                if (o.equals("verbose")) {
                    verbose = true;
                } else if (o.startsWith("dump=")) {
                    dump = Path.of(o.substring("dump=".length()));
                } else if (!o.isEmpty()) {
                    throw new IllegalArgumentException("weft-agent: unknown option '" + o
                            + "'; the options are verbose and dump=DIR, comma-separated");
                }
            }
        }
        return new AgentOptions(verbose, dump);
    }
}
