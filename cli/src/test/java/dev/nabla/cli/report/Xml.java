package dev.nabla.cli.report;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;

/** Parses test output with the JDK's XML parser, never fetching a DTD from the network. */
final class Xml {
    private Xml() {}

    static Document parse(byte[] bytes) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(bytes));
    }

    static Document parse(Path file) throws Exception {
        return parse(Files.readAllBytes(file));
    }
}
