package dev.unbindlab.scenario.unbind;

/** Threads of these scenarios are daemons: one killed by an oops or stuck in the kernel must not keep the JVM alive. */
public final class Threads {

    private Threads() {
    }

    public static Thread daemon(String name, Runnable body) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }
}
