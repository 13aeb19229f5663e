# Sourced by the benchmark scripts: the class path of the agent module's tests, from a build
# that has run at least `mvn -pl weaver-maven-plugin/agent -am package -DskipTests`.
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)
m2=${M2_REPO:-$HOME/.m2/repository}
asm=$(ls "$m2"/org/ow2/asm/asm{,-tree,-analysis,-util}/9.9.1/asm*-9.9.1.jar | tr '\n' ':')
RUNTIME=$root/runtime/core/target/classes
AGENT_JAR=$root/weaver-maven-plugin/agent/target/weft-agent-0.1.0-SNAPSHOT.jar
CP=$root/weaver-maven-plugin/agent/target/test-classes:$root/weaver-maven-plugin/target/classes:$asm$RUNTIME
