package dev.unbindlab.triage;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Stack frame parsing and the choice of the guilty frame. */
final class Frames {

    /** {@code  func+0x1d8/0x3a0}, with optional {@code [<addr>]}, {@code ? }, {@code [module]}, {@code (P)}. */
    private static final Pattern FRAME = Pattern.compile(
            "^\\s*(?:\\[<[0-9a-fA-F]{1,16}>\\]\\s*)?(\\?\\s+)?([A-Za-z_][A-Za-z0-9_.$]{0,200})\\+0x[0-9a-fA-F]{1,16}/0x[0-9a-fA-F]{1,16}\\b.*$");
    /** x86 {@code RIP: 0010:func+0x12/0x34} (kernel CS only) and arm64 {@code pc : func+0x12/0x34}. */
    private static final Pattern CRASH_SITE = Pattern.compile(
            "^(?:RIP: 0010:|pc : )([A-Za-z_][A-Za-z0-9_.$]{0,200})\\+0x[0-9a-fA-F]{1,16}/0x[0-9a-fA-F]{1,16}.*$");
    private static final Pattern COMPILER_SUFFIX = Pattern.compile("(\\.(isra|constprop|part|cold|lto_priv|llvm|localalias)(\\.\\d+)?)+$");

    /**
     * Frames that only report, lock, allocate or copy: the bug is in whoever called them. The
     * same idea as syzkaller's guilty-frame skip lists, kept to what our kernels print.
     */
    private static final Pattern NOT_GUILTY = Pattern.compile(String.join("|",
            // reporting, exceptions and fault handling
            "dump_stack(_lvl)?|__dump_stack|show_stack|show_regs|print_address_description|print_report|kasan_report\\w*",
            "__?kasan_\\w+|kasan_\\w+|check_memory_region|__asan_\\w+|__ubsan_\\w+|ubsan_\\w+|__ubsan_handle_\\w+",
            "report_bug|handle_bug|exc_invalid_op|asm_exc_\\w+|__warn|__warn_printk|warn_slowpath_fmt|panic|vpanic|die|oops_\\w+",
            "page_fault_oops|kernelmode_fixup_or_oops|__bad_area_nosemaphore|bad_area_nosemaphore|do_user_addr_fault|exc_page_fault",
            "exc_general_protection|do_mem_abort|el1_abort|el1h_64_sync_handler|el1h_64_sync|__do_kernel_fault|do_translation_fault",
            "do_bad_area|die_kernel_fault|arm64_notify_die|do_sea|do_page_fault|bug_handler|call_break_hook|brk_handler|do_el1_brk64|el1_dbg",
            "refcount_warn_saturate|__refcount_\\w+|refcount_\\w+|kref_put|kref_get",
            // locking
            "_raw_\\w+|__raw_\\w+|queued_\\w+|do_raw_\\w+|native_queued_\\w+|__mutex_\\w+|mutex_\\w+|down_\\w+|up_\\w+|__down_\\w+",
            "rwsem_\\w+|lock_acquire|__lock_acquire|lock_release|lockdep_\\w+|rt_mutex_\\w+|spin_\\w+|srcu_read_\\w+|__srcu_read_\\w+",
            // scheduling (hung tasks)
            "schedule|__schedule|schedule_timeout|schedule_preempt_disabled|io_schedule\\w*|__wait_for_common|wait_for_completion\\w*",
            "__switch_to\\w*|context_switch|__flush_work|flush_work|wait_woken|do_wait_intr\\w*",
            // allocation and freeing
            "kmalloc\\w*|__kmalloc\\w*|kmem_cache_alloc\\w*|kmem_cache_free|kfree|kvfree|kfree_sensitive|__kfree\\w*|slab_free\\w*",
            "__slab_free|__slab_alloc\\w*|slab_alloc\\w*|___slab_alloc|kzalloc\\w*|kcalloc|krealloc\\w*|kmemdup\\w*|kstrdup\\w*",
            "devm_kmalloc|devm_kzalloc|devres_alloc\\w*|__devres_alloc_node|alloc_pages\\w*|__alloc_pages\\w*|vmalloc\\w*|__vmalloc\\w*",
            "kvmalloc\\w*|__kvmalloc\\w*|kmemleak_alloc\\w*|create_object\\w*|__create_object|slab_post_alloc_hook|post_alloc_hook",
            "release_nodes|devres_release_all|kfree_rcu\\w*|rcu_do_batch|rcu_core|rcu_core_si|__rcu_\\w+|mempool_\\w+|free_to_partial_list",
            // string and user copy helpers
            "memcpy|memmove|memset|memcmp|__memcpy\\w*|__memset\\w*|__memmove\\w*|strlen|strnlen|strcmp|strncmp|strcpy|strncpy",
            "strscpy|sized_strscpy|strchr|copy_to_user|_copy_to_user|__copy_to_user\\w*|copy_from_user|_copy_from_user",
            "__arch_copy_\\w+|raw_copy_\\w+|copy_user_\\w+|rep_movs_alternative|_copy_to_iter|copy_to_iter|__copy_overflow"));

    private Frames() {
    }

    /** The function of a stack frame line, unless the unwinder marked it unreliable with {@code ?}. */
    static Optional<String> function(String line) {
        Matcher m = FRAME.matcher(line);
        if (!m.matches() || m.group(1) != null) {
            return Optional.empty();
        }
        return Optional.of(m.group(2));
    }

    /** The function the CPU was in ({@code RIP:}/{@code pc :}), kernel mode only. */
    static Optional<String> crashSite(String line) {
        Matcher m = CRASH_SITE.matcher(line.strip());
        return m.matches() ? Optional.of(m.group(1)) : Optional.empty();
    }

    /** {@code cqspi_indirect_read_execute.isra.0} → {@code cqspi_indirect_read_execute}. */
    static String normalize(String function) {
        return COMPILER_SUFFIX.matcher(function).replaceAll("");
    }

    static boolean isGuiltyCandidate(String function) {
        return !NOT_GUILTY.matcher(normalize(function)).matches();
    }

    /** The first candidate among {@code preferred} then {@code trace}, normalized. */
    static Optional<String> guilty(Optional<String> preferred, List<String> trace) {
        if (preferred.isPresent() && isGuiltyCandidate(preferred.get())) {
            return preferred.map(Frames::normalize);
        }
        return trace.stream().filter(Frames::isGuiltyCandidate).findFirst().map(Frames::normalize);
    }
}
