package dev.unbindlab.scenario.mmc;

import com.fasterxml.jackson.databind.JsonNode;
import dev.unbindlab.scenario.ScenarioSetupException;
import dev.unbindlab.vm.qmp.QmpMailbox;

import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The card pulled out of the slot and pushed back, from QEMU's side: QMP {@code eject} of the
 * sd-card's medium, then {@code blockdev-change-medium} with the same image. QEMU's sd-card has
 * no tray, so this is an immediate removal that the controller reports to the guest as a card
 * detect change (what a real slot does). {@code device_del} is not an option: QEMU's SD bus
 * does not support hot-plugging the card device, and unplugging the whole controller over ACPI
 * PCI hot-plug is a PCI removal, which {@code mmc-controller-unbind} covers from the guest side.
 */
final class QemuCardSlot implements CardRemoval {

    /** The QEMU device id of the card ({@code -device sd-card,id=card}). */
    static final String CARD_ID = "card";
    private static final Duration QMP_TIMEOUT = Duration.ofSeconds(20);

    private final QmpMailbox qmp;
    private final String image;
    private final Consumer<String> log;
    private volatile boolean out;
    private volatile String givenUp;

    private QemuCardSlot(QmpMailbox qmp, String image, Consumer<String> log) {
        this.qmp = qmp;
        this.image = image;
        this.log = log;
    }

    /** Asks QEMU which image is in the slot now, so that the same one goes back in. */
    static QemuCardSlot open(QmpMailbox qmp, Consumer<String> log) throws Exception {
        JsonNode blocks = qmp.execute("query-block", Map.of(), QMP_TIMEOUT);
        for (JsonNode block : blocks) {
            if (CARD_ID.equals(block.path("qdev").asText()) && block.has("inserted")) {
                return new QemuCardSlot(qmp, block.path("inserted").path("file").asText(), log);
            }
        }
        throw new ScenarioSetupException("QEMU has no medium in a device with id " + CARD_ID + " (query-block: " + blocks + ")");
    }

    @Override
    public String describe() {
        return "eject the card (QMP, " + image + ")";
    }

    @Override
    public void remove() throws Exception {
        out = true;
        qmp.execute("eject", Map.of("id", CARD_ID, "force", true), QMP_TIMEOUT);
    }

    @Override
    public void insert() throws Exception {
        qmp.execute("blockdev-change-medium", Map.of("id", CARD_ID, "filename", image, "format", "raw"), QMP_TIMEOUT);
        out = false;
    }

    @Override
    public void giveUp(String why) {
        givenUp = why;
    }

    @Override
    public String restore(Duration timeout) {
        if (!out) {
            return "card in its slot";
        }
        if (givenUp != null) {
            return "card left out of the slot: " + givenUp;
        }
        try {
            insert();
            return "card inserted again";
        } catch (Exception e) {
            return "could not insert the card again: " + e.getMessage();
        }
    }

    /** Puts the card back when the JVM exits (SIGTERM from the guest init at its time limit). */
    void installShutdownHook() {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (out && givenUp == null) {
                log.accept("exit: " + restore(QMP_TIMEOUT));
            }
        }, "reinsert-card-at-exit"));
    }
}
