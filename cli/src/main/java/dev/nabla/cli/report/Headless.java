package dev.nabla.cli.report;

/** Puts AWT in headless mode; call before the first AWT class is touched. */
final class Headless {
    private Headless() {}

    /** Sets {@code java.awt.headless=true}: the plots are drawn off screen, with or without a display. */
    static void ensure() {
        System.setProperty("java.awt.headless", "true");
    }
}
