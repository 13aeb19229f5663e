package dev.weft.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

/**
 * The plugin jar tells Eclipse m2e to run every goal of the plugin on incremental builds: the
 * goals listed there are exactly the goals of the generated plugin descriptor.
 */
class M2eMetadataTest {

    private static Document parse(String resource) throws Exception {
        try (InputStream in = M2eMetadataTest.class.getClassLoader()
                .getResourceAsStream(resource)) {
            assertNotNull(in, resource + " is not in the plugin jar");
            return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(in);
        }
    }

    private static List<String> texts(Document doc, String tag) {
        NodeList nodes = doc.getElementsByTagName(tag);
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            texts.add(nodes.item(i).getTextContent().trim());
        }
        return texts;
    }

    @Test
    void everyGoalRunsOnEclipseIncrementalBuilds() throws Exception {
        Document m2e = parse("META-INF/m2e/lifecycle-mapping-metadata.xml");
        Document plugin = parse("META-INF/maven/plugin.xml");
        Set<String> mapped = new TreeSet<>(texts(m2e, "goal"));
        Set<String> goals = new TreeSet<>(texts(plugin, "goal"));
        assertEquals(Set.of("weave", "weave-tests"), goals);
        assertEquals(goals, mapped);
        assertEquals(List.of("true"), texts(m2e, "runOnIncremental"));
        assertEquals(List.of("true"), texts(m2e, "runOnConfiguration"));
    }
}
