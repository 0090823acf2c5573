package org.dsp.gui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The console's files stand alone: nothing is loaded from another origin (no CDN at run time),
 * every file the page or a module names exists, and every name fits what the node serves
 * ({@code GuiFiles}: plain lower-case names with an html, js, css or svg extension, no folders).
 */
class ConsoleFilesTest {
    static final Path WWW = Path.of("www");

    static List<Path> files() throws IOException {
        try (Stream<Path> s = Files.list(WWW)) {
            return s.sorted().collect(Collectors.toList());
        }
    }

    @Test
    void everyFileIsServableAndNothingComesFromElsewhere() throws IOException {
        List<String> names = new ArrayList<>();
        for (Path f : files()) {
            String name = f.getFileName().toString();
            names.add(name);
            assertTrue(name.matches("[a-z0-9-]{1,40}\\.(html|js|css|svg)"), "served by GuiFiles: " + name);
            String text = Files.readString(f);
            Matcher m = Pattern.compile("(https?:)?//[a-z0-9.-]+\\.[a-z]{2,}").matcher(text);
            while (m.find()) {
                assertEquals("http://www.w3.org", m.group(), name + " names another origin: " + m.group()); // the SVG namespace only
            }
        }
        assertTrue(names.contains("index.html"), names.toString());
    }

    @Test
    void everyReferencedFileExists() throws IOException {
        Pattern ref = Pattern.compile("(?:src|href)=\"([^\"]+)\"|from '\\./([^']+)'");
        int checked = 0;
        for (Path f : files()) {
            Matcher m = ref.matcher(Files.readString(f));
            while (m.find()) {
                String target = m.group(1) != null ? m.group(1) : m.group(2);
                assertTrue(Files.exists(WWW.resolve(target)), f.getFileName() + " names " + target + ", which is not in www/");
                checked++;
            }
        }
        assertTrue(checked >= 6, "the page's stylesheet and script, and the modules' imports: " + checked);
    }
}
