package dev.nabla.cli.report;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.w3c.dom.Attr;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * Finishes the SVG that XChart draws. XChart draws every piece of text as glyph outlines, so the document
 * has no readable text of its own; this adds a {@code <title>} and a {@code <desc>} (read by screen readers,
 * shown as a tooltip by browsers, and searchable), drops the DOCTYPE that points to an external DTD, and
 * rounds drawing coordinates to two decimals, which halves the size without a visible change.
 */
final class SvgMarkup {
    private static final String SVG_NS = "http://www.w3.org/2000/svg";
    /** Geometry attributes whose numbers are rounded; text content is never touched. */
    private static final Set<String> GEOMETRY = Set.of("d", "points", "transform", "x", "y", "x1", "y1", "x2",
            "y2", "cx", "cy", "r", "rx", "ry", "width", "height");
    private static final Pattern LONG_DECIMAL = Pattern.compile("(\\d\\.\\d{2})\\d+");

    private SvgMarkup() {}

    /** {@code svg} with a title and description added, rounded and without DOCTYPE, as UTF-8 bytes. */
    static byte[] finish(byte[] svg, String title, String description) throws IOException {
        Document doc = parse(svg);
        Element root = doc.getDocumentElement();
        if (!"svg".equals(root.getLocalName())) {
            throw new IOException("expected an <svg> document, got <" + root.getNodeName() + ">");
        }
        root.setAttribute("role", "img");
        Element titleElement = doc.createElementNS(SVG_NS, "title");
        titleElement.setTextContent(title);
        Element descElement = doc.createElementNS(SVG_NS, "desc");
        descElement.setTextContent(description);
        Node first = root.getFirstChild();
        root.insertBefore(titleElement, first);
        root.insertBefore(descElement, first);
        roundGeometry(root);
        return serialize(doc);
    }

    /** The {@code <svg>} element of an SVG document, without XML declaration or DOCTYPE, for use inside HTML. */
    static String inline(String svgDocument) {
        int start = svgDocument.indexOf("<svg");
        if (start < 0) throw new IllegalArgumentException("not an SVG document: no <svg> element");
        return svgDocument.substring(start).strip();
    }

    private static void roundGeometry(Element element) {
        NamedNodeMap attributes = element.getAttributes();
        for (int i = 0; i < attributes.getLength(); i++) {
            Attr a = (Attr) attributes.item(i);
            String name = a.getLocalName() != null ? a.getLocalName() : a.getName();
            if (GEOMETRY.contains(name)) a.setValue(LONG_DECIMAL.matcher(a.getValue()).replaceAll("$1"));
        }
        NodeList children = element.getChildNodes();
        for (int i = 0; i < children.getLength(); i++) {
            if (children.item(i) instanceof Element child) roundGeometry(child);
        }
    }

    private static Document parse(byte[] svg) throws IOException {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            // the DOCTYPE names the SVG 1.1 DTD on the web: never fetch it
            factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            factory.setExpandEntityReferences(false);
            DocumentBuilder builder = factory.newDocumentBuilder();
            return builder.parse(new ByteArrayInputStream(svg));
        } catch (ParserConfigurationException | SAXException e) {
            throw new IOException("cannot read the SVG drawn by the chart library: " + e.getMessage(), e);
        }
    }

    private static byte[] serialize(Document doc) throws IOException {
        try {
            Transformer t = TransformerFactory.newInstance().newTransformer();
            t.setOutputProperty(OutputKeys.ENCODING, StandardCharsets.UTF_8.name());
            t.setOutputProperty(OutputKeys.METHOD, "xml");
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            t.transform(new DOMSource(doc), new StreamResult(out));
            return out.toByteArray();
        } catch (TransformerException e) {
            throw new IOException("cannot write the SVG: " + e.getMessage(), e);
        }
    }
}
