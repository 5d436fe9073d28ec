package dev.unbindlab.scenario.unbind;

import dev.unbindlab.linux.sysfs.DeviceRef;
import dev.unbindlab.linux.sysfs.DriverBinding;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * The one binding a run changes. Whatever way the run ends (its end, an exception, SIGTERM from
 * the guest init at its time limit: {@link #installShutdownHook}) the device is bound again if
 * it was left unbound. Binding may block in the kernel after a use-after-free, so restoring runs
 * on a daemon thread and is waited for a bounded time.
 */
public final class BindingGuard implements Restorable {

    private final DriverBinding binding;
    private final DeviceRef device;
    private final String driver;
    private final Consumer<String> log;
    private volatile boolean mayBeUnbound;
    private volatile String givenUp;

    public BindingGuard(DriverBinding binding, DeviceRef device, String driver, Consumer<String> log) {
        this.binding = binding;
        this.device = device;
        this.driver = driver;
        this.log = log;
    }

    public DeviceRef device() {
        return device;
    }

    public String driver() {
        return driver;
    }

    public void unbind() throws IOException {
        mayBeUnbound = true; // before the write: a write that never returns may still have unbound it
        String was = binding.unbind(device);
        if (!was.equals(driver)) {
            throw new IllegalStateException(device + " was bound to " + was + ", not " + driver);
        }
    }

    public void bind() throws IOException {
        binding.bind(device, driver);
        mayBeUnbound = false;
    }

    @Override
    public void giveUp(String why) {
        givenUp = why;
    }

    /** Binds again if needed; says what it did; never throws. */
    @Override
    public String restore(Duration timeout) {
        if (givenUp != null && mayBeUnbound) {
            return device + " left unbound from " + driver + ": " + givenUp;
        }
        if (!mayBeUnbound) {
            return device + " untouched since its last bind";
        }
        AtomicReference<String> outcome = new AtomicReference<>();
        Thread thread = Threads.daemon("restore-binding", () -> {
            try {
                if (binding.driverOf(device).isPresent()) {
                    mayBeUnbound = false;
                    outcome.set(device + " is bound to " + binding.driverOf(device).get());
                } else {
                    bind();
                    outcome.set(device + " bound to " + driver + " again");
                }
            } catch (IOException | RuntimeException e) {
                outcome.set("could not bind " + device + " to " + driver + ": " + e.getMessage());
            }
        });
        try {
            thread.join(timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        String result = outcome.get();
        return result != null ? result : "binding " + device + " to " + driver + " did not return within " + timeout.toSeconds() + " s";
    }

    /** Restores the binding when the JVM exits, including on SIGTERM. */
    public void installShutdownHook() {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (mayBeUnbound && givenUp == null) {
                log.accept("exit: " + restore(Duration.ofSeconds(10)));
            }
        }, "restore-binding-at-exit"));
    }
}
