package io.previewbridge.demo.control;

import io.previewbridge.demo.entity.DemoItem.Chart;
import io.previewbridge.demo.entity.DemoItem.DesignFile;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * Draws the demo's pictures as SVG: avatars, design-file previews and charts. Everything comes from
 * the WAR itself, so the demo works offline and Notion's image proxy (or the simulator) only ever
 * talks to PreviewBridge. Every piece of text is XML-escaped: names and titles are typed by whoever
 * edits the demo.
 */
@ApplicationScoped
public class DemoImages {

  static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("d MMM yyyy, HH:mm 'UTC'", Locale.ENGLISH)
          .withZone(ZoneOffset.UTC);

  /** A round avatar with initials, for the avatar file {@code slug}.svg. */
  public String avatar(String slug) {
    String initials = Avatars.initials(slug);
    return """
        <svg xmlns="http://www.w3.org/2000/svg" width="96" height="96" viewBox="0 0 96 96">\
        <circle cx="48" cy="48" r="48" fill="%s"/>\
        <text x="48" y="49" dy=".35em" text-anchor="middle" font-family="Helvetica, Arial, sans-serif" \
        font-size="38" font-weight="600" fill="#ffffff">%s</text></svg>"""
        .formatted(Avatars.color(slug), xml(initials));
  }

  /** A canvas with frames in the file's accent colour, its title and its last edit. */
  public String designPreview(DesignFile file) {
    String accent = file.accent();
    return """
        <svg xmlns="http://www.w3.org/2000/svg" width="800" height="450" viewBox="0 0 800 450">\
        <rect width="800" height="450" fill="#f5f5f4"/>\
        <rect x="40" y="40" width="220" height="370" rx="18" fill="#ffffff" stroke="%1$s" stroke-width="3"/>\
        <rect x="62" y="70" width="176" height="110" rx="10" fill="%1$s" opacity=".85"/>\
        <rect x="62" y="200" width="140" height="14" rx="7" fill="#d6d3d1"/>\
        <rect x="62" y="226" width="170" height="14" rx="7" fill="#e7e5e4"/>\
        <rect x="62" y="340" width="176" height="44" rx="22" fill="%1$s"/>\
        <rect x="290" y="40" width="470" height="230" rx="18" fill="#ffffff" stroke="#d6d3d1" stroke-width="2"/>\
        <circle cx="360" cy="120" r="42" fill="%1$s" opacity=".35"/>\
        <rect x="420" y="95" width="300" height="18" rx="9" fill="#d6d3d1"/>\
        <rect x="420" y="128" width="220" height="18" rx="9" fill="#e7e5e4"/>\
        <text x="310" y="330" font-family="Helvetica, Arial, sans-serif" font-size="30" font-weight="700" \
        fill="#1c1917">%2$s</text>\
        <text x="310" y="372" font-family="Helvetica, Arial, sans-serif" font-size="18" fill="#57534e">\
        Edited by %3$s, %4$s</text></svg>"""
        .formatted(
            accent, xml(file.title()), xml(file.lastEditor()), xml(STAMP.format(file.updated())));
  }

  /** A line chart of the chart's points, scaled to its largest value. */
  public String chart(Chart chart) {
    List<Integer> points = chart.points();
    int width = 640;
    int height = 260;
    int left = 56;
    int bottom = 30;
    int top = 16;
    int max = Math.max(1, points.stream().mapToInt(Integer::intValue).max().orElse(1));
    double stepX = (width - left - 16) / (double) Math.max(1, points.size() - 1);
    double scaleY = (height - bottom - top) / (double) max;
    StringBuilder line = new StringBuilder();
    StringBuilder dots = new StringBuilder();
    for (int i = 0; i < points.size(); i++) {
      double x = left + i * stepX;
      double y = height - bottom - points.get(i) * scaleY;
      line.append(i == 0 ? "M" : " L").append(format(x)).append(' ').append(format(y));
      dots.append("<circle cx=\"")
          .append(format(x))
          .append("\" cy=\"")
          .append(format(y))
          .append("\" r=\"4\" fill=\"#4f46e5\"><title>")
          .append(points.get(i))
          .append("</title></circle>");
    }
    String area =
        line
            + " L"
            + format(left + (points.size() - 1) * stepX)
            + " "
            + (height - bottom)
            + " L"
            + left
            + " "
            + (height - bottom)
            + " Z";
    return """
        <svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="%1$s" viewBox="0 0 %2$d %3$d" \
        class="demo-chart-svg">\
        <line x1="%4$d" y1="%5$d" x2="%6$d" y2="%5$d" stroke="#d6d3d1"/>\
        <line x1="%4$d" y1="%7$d" x2="%6$d" y2="%7$d" stroke="#e7e5e4" stroke-dasharray="4 4"/>\
        <text x="%8$d" y="%7$d" dy=".35em" text-anchor="end" font-size="12" fill="#78716c">%9$d</text>\
        <text x="%8$d" y="%5$d" dy=".35em" text-anchor="end" font-size="12" fill="#78716c">0</text>\
        <path d="%10$s" fill="#4f46e5" opacity=".12"/>\
        <path d="%11$s" fill="none" stroke="#4f46e5" stroke-width="3" stroke-linejoin="round"/>%12$s</svg>"""
        .formatted(
            xml(chart.title()),
            width,
            height,
            left,
            height - bottom,
            width - 16,
            top,
            left - 8,
            max,
            area,
            line,
            dots);
  }

  private static String format(double value) {
    return String.format(Locale.ROOT, "%.1f", value);
  }

  public static String xml(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (char c : text.toCharArray()) {
      switch (c) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> {
          if (c >= 0x20 || c == '\n' || c == '\t') {
            out.append(c);
          }
        }
      }
    }
    return out.toString();
  }
}
