package dev.weft.agent;

import java.nio.file.Path;

/**
 * What follows {@code =} in {@code -javaagent:weft-agent.jar=...}: comma-separated
 * {@code verbose} (one line on standard error per woven class), {@code dump=DIR} (write every
 * class the agent changed or generated below {@code DIR}, as the build would write them) and
 * {@code verify} (check every class woven with the build's own verification pass, which reports
 * a weaver bug by method and line; without it the JVM's verifier, which checks every class
 * defined anyway, reports it as a {@code VerifyError}, and start-up is faster).
 *
 * @param verbose whether to report every woven class
 * @param dump where to write the classes the agent produced, or null
 * @param verify whether the weaver verifies what it writes, as the build does
 */
record AgentOptions(boolean verbose, Path dump, boolean verify) {

    static AgentOptions parse(String args) {
        boolean verbose = false;
        Path dump = null;
        boolean verify = false;
        if (args != null && !args.isBlank()) {
            for (String option : args.split(",")) {
                String o = option.trim();
                if (o.equals("verbose")) {
                    verbose = true;
                } else if (o.equals("verify")) {
                    verify = true;
                } else if (o.startsWith("dump=")) {
                    dump = Path.of(o.substring("dump=".length()));
                } else if (!o.isEmpty()) {
                    throw new IllegalArgumentException("weft-agent: unknown option '" + o
                            + "'; the options are verbose, verify and dump=DIR, comma-separated");
                }
            }
        }
        return new AgentOptions(verbose, dump, verify);
    }
}
