package dev.merchantry.platform.tools.evaluation.pricing;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * Draws the mean cumulative regret (with a ±1 sd band across runs) against the period as a PNG, with plain
 * java.awt in headless mode, next to the linear regret of always charging the list price for scale.
 */
public final class RegretPlot {

    private static final int WIDTH = 900;
    private static final int HEIGHT = 540;
    private static final int LEFT = 90;
    private static final int RIGHT = 30;
    private static final int TOP = 50;
    private static final int BOTTOM = 60;

    private RegretPlot() {
    }

    public static void write(SimulationReport report, Path file) throws IOException {
        System.setProperty("java.awt.headless", "true");
        double[] mean = report.meanRegret();
        double[] sd = report.sdRegret();
        int n = mean.length;
        double yMax = 0;
        for (int t = 0; t < n; t++) {
            yMax = Math.max(yMax, mean[t] + sd[t]);
        }
        yMax = niceCeiling(Math.max(yMax, 1e-9));

        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, WIDTH, HEIGHT);
            int plotW = WIDTH - LEFT - RIGHT;
            int plotH = HEIGHT - TOP - BOTTOM;
            // grid and axes
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            for (int i = 0; i <= 5; i++) {
                int y = TOP + plotH - plotH * i / 5;
                g.setColor(new Color(230, 230, 230));
                g.drawLine(LEFT, y, LEFT + plotW, y);
                g.setColor(Color.DARK_GRAY);
                String label = String.format(Locale.ROOT, "%,.0f", yMax * i / 5);
                g.drawString(label, LEFT - 8 - g.getFontMetrics().stringWidth(label), y + 4);
                int x = LEFT + plotW * i / 5;
                String xl = String.format(Locale.ROOT, "%,d", Math.round((double) n * i / 5));
                g.drawString(xl, x - g.getFontMetrics().stringWidth(xl) / 2, TOP + plotH + 18);
            }
            g.setColor(Color.BLACK);
            g.drawRect(LEFT, TOP, plotW, plotH);
            // ±1 sd band
            g.setColor(new Color(66, 133, 244, 60));
            int[] xs = new int[2 * n];
            int[] ys = new int[2 * n];
            for (int t = 0; t < n; t++) {
                xs[t] = x(t, n, plotW);
                ys[t] = y(mean[t] + sd[t], yMax, plotH);
                xs[2 * n - 1 - t] = x(t, n, plotW);
                ys[2 * n - 1 - t] = y(Math.max(0, mean[t] - sd[t]), yMax, plotH);
            }
            g.fillPolygon(xs, ys, 2 * n);
            // mean regret
            g.setColor(new Color(25, 90, 200));
            g.setStroke(new BasicStroke(2f));
            for (int t = 1; t < n; t++) {
                g.drawLine(x(t - 1, n, plotW), y(mean[t - 1], yMax, plotH), x(t, n, plotW), y(mean[t], yMax, plotH));
            }
            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
            g.drawString(String.format(Locale.ROOT, "%s on %s demand: cumulative regret (%s), mean of %d runs ± 1 sd",
                    report.strategy(), report.demand().family(), report.objective(), report.options().runs()), LEFT, 30);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            g.drawString(String.format(Locale.ROOT, "period (%.2f %% of oracle at the end; growth exponent %.2f)",
                    report.percentOfOracle(), report.regretGrowthExponent()), LEFT + plotW / 2 - 150, HEIGHT - 15);
        } finally {
            g.dispose();
        }
        if (!ImageIO.write(image, "png", file.toFile())) {
            throw new IOException("no PNG writer available");
        }
    }

    private static int x(int t, int n, int plotW) {
        return LEFT + (int) Math.round((double) plotW * (t + 1) / n);
    }

    private static int y(double v, double yMax, int plotH) {
        return TOP + plotH - (int) Math.round(plotH * Math.min(v, yMax) / yMax);
    }

    private static double niceCeiling(double v) {
        double magnitude = Math.pow(10, Math.floor(Math.log10(v)));
        for (double m : new double[] {1, 2, 2.5, 5, 10}) {
            if (m * magnitude >= v) {
                return m * magnitude;
            }
        }
        return 10 * magnitude;
    }
}
