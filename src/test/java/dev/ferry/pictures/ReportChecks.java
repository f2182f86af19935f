package dev.ferry.pictures;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** Checks of a written HTML report: well-formed XHTML, its SVG in the SVG namespace, self-contained, rendered. */
public final class ReportChecks {
    static final String XHTML = "http://www.w3.org/1999/xhtml";

    private ReportChecks() {
    }

    /** Parses the page with the JDK's XML parser (namespace aware, no external entities); fails when it is not XML. */
    public static Document parse(String html) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        Document doc = factory.newDocumentBuilder().parse(new ByteArrayInputStream(html.getBytes(StandardCharsets.UTF_8)));
        assertThat(doc.getDocumentElement().getNamespaceURI()).isEqualTo(XHTML);
        return doc;
    }

    /** The one embedded SVG element, in the SVG namespace. */
    public static Element svg(Document doc) {
        NodeList svgs = doc.getElementsByTagNameNS(TimelineSvg.NS, "svg");
        assertThat(svgs.getLength()).as("SVG elements in the SVG namespace").isEqualTo(1);
        return (Element) svgs.item(0);
    }

    /** The SVG elements of {@code tag} whose class list contains every one of {@code classes}. */
    public static List<Element> withClasses(Element root, String tag, String... classes) {
        List<Element> found = new ArrayList<>();
        NodeList all = root.getElementsByTagNameNS(TimelineSvg.NS, tag);
        for (int i = 0; i < all.getLength(); i++) {
            Element e = (Element) all.item(i);
            List<String> own = List.of(e.getAttribute("class").split(" "));
            if (own.containsAll(List.of(classes))) {
                found.add(e);
            }
        }
        return found;
    }

    /** Nothing is fetched: no script, link, img, iframe or object element, no src/href attribute, no url(). */
    public static void assertSelfContained(Document doc, String html) {
        for (String tag : List.of("script", "link", "img", "iframe", "object", "embed")) {
            assertThat(doc.getElementsByTagNameNS("*", tag).getLength()).as("<" + tag + "> elements").isZero();
        }
        assertThat(html).doesNotContain(" src=").doesNotContain("href=").doesNotContain("url(")
                .doesNotContain("@import");
    }

    /** Renders the page in headless chromium; returns the data-step values of the rendered bars, in order. */
    public static List<String> renderedBarSteps(Path page) throws Exception {
        String dom = HeadlessChromium.dumpDom(page, 2_000);
        assertThat(dom).contains("<svg");
        List<String> steps = new ArrayList<>();
        Matcher m = Pattern.compile("<rect class=\"bar [^\"]*\"[^>]*data-step=\"([^\"]*)\"").matcher(dom);
        while (m.find()) {
            steps.add(m.group(1));
        }
        return steps;
    }

    public static String read(Path file) throws Exception {
        return Files.readString(file, StandardCharsets.UTF_8);
    }
}
