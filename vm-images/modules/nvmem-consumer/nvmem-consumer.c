// SPDX-License-Identifier: GPL-2.0
/*
 * nvmem-consumer: an in-kernel nvmem consumer that keeps its references
 * while the provider goes away.
 *
 * This is a test vehicle, not a fix. It behaves like an ordinary board-file
 * consumer: it owns a struct device (a platform device without a driver),
 * takes the nvmem device by name with nvmem_device_get() and a cell through
 * a cell lookup with nvmem_cell_get(), and keeps both until told to drop
 * them. Lookups create no device link, so nothing unbinds this consumer
 * before its provider, which is the fw_devlink=off case of the seed bug
 * ("nvmem: survive unbind with active consumers"). On QEMU's pc machine,
 * whose PIIX4 SMBus has EEPROMs at 0x50-0x57 that nothing instantiates
 * without DMI:
 *
 *   echo 24c02 0x50 > /sys/bus/i2c/devices/i2c-0/new_device
 *   insmod nvmem-consumer.ko nvmem_name=0-00501 cell_offset=0 cell_bytes=16
 *   echo 0-0050 > /sys/bus/i2c/drivers/at24/unbind
 *   cat /sys/kernel/debug/nvmem-consumer/cell_read
 *
 * at24 names its nvmem device after the client plus an nvmem id, so it is
 * 0-00501 when cmos_nvram0 registered first; see /sys/bus/nvmem/devices/.
 *
 * Every nvmem call made on behalf of a read() or write() of a debugfs file
 * hands its negative errno back to that syscall unchanged, so user space
 * can tell a provider that is gone (-ENODEV with the SRCU series) from one
 * whose freed memory was just used (KASAN report, garbage or a crash).
 */

#include <linux/cleanup.h>
#include <linux/debugfs.h>
#include <linux/device.h>
#include <linux/err.h>
#include <linux/fs.h>
#include <linux/minmax.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/nvmem-consumer.h>
#include <linux/nvmem-provider.h>
#include <linux/overflow.h>
#include <linux/platform_device.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/timekeeping.h>
#include <linux/uaccess.h>

#define NVMEM_CONSUMER_NAME	"nvmem-consumer"
/* Connection id of the cell lookup, the id passed to nvmem_cell_get(). */
#define NVMEM_CONSUMER_CON_ID	"cell"
/* Largest nvmem_device_read()/_write() done for one read() or write(). */
#define NVMEM_CONSUMER_MAX_IO	PAGE_SIZE
/* Upper bound of one read_loop run: keeps a write() to it short. */
#define NVMEM_CONSUMER_MAX_LOOP	1000000

static char *nvmem_name = "";
module_param(nvmem_name, charp, 0444);
MODULE_PARM_DESC(nvmem_name, "nvmem device to hold, e.g. 0-00501 (default: none, attach nothing at load)");

static unsigned int cell_offset;
module_param(cell_offset, uint, 0444);
MODULE_PARM_DESC(cell_offset, "Offset of the cell added to that device (default: 0)");

static unsigned int cell_bytes;
module_param(cell_bytes, uint, 0444);
MODULE_PARM_DESC(cell_bytes, "Size of that cell in bytes, 0 for no cell (default: 0)");

struct nvmem_consumer {
	/* Serialises attach, detach and every nvmem call. */
	struct mutex lock;
	struct platform_device *pdev;
	struct dentry *dir;
	struct nvmem_cell_lookup lookup;
	bool lookup_added;
	char *cell_name;
	struct nvmem_device *nvmem;
	struct nvmem_cell *cell;
	unsigned int req_offset;
	unsigned int req_len;
	unsigned long device_reads_ok;
	unsigned long device_reads_failed;
	unsigned long cell_reads_ok;
	unsigned long cell_reads_failed;
	unsigned long device_writes_ok;
	unsigned long device_writes_failed;
	int last_error;
	const char *last_error_call;
	/* Last read_loop run: reads done, bytes each, wall time. */
	unsigned int loop_reads;
	unsigned int loop_bytes;
	u64 loop_ns;
};

static struct nvmem_consumer nc = {
	.lock = __MUTEX_INITIALIZER(nc.lock),
	.req_len = 16,
	.last_error_call = "none",
};

/* nvmem-consumer.h has no !CONFIG_NVMEM stub of nvmem_dev_size(). */
static size_t nvmem_consumer_dev_size(struct nvmem_device *nvmem)
{
#if IS_ENABLED(CONFIG_NVMEM)
	return nvmem_dev_size(nvmem);
#else
	return 0;
#endif
}

static int nvmem_consumer_failed(const char *call, int err)
{
	nc.last_error = err;
	nc.last_error_call = call;

	return err;
}

/*
 * -EPROBE_DEFER (provider not registered) must not reach user space;
 * status still shows the raw value.
 */
static int nvmem_consumer_user_errno(int err)
{
	return err == -EPROBE_DEFER ? -ENODEV : err;
}

static void nvmem_consumer_detach(void)
{
	lockdep_assert_held(&nc.lock);

	if (nc.cell) {
		nvmem_cell_put(nc.cell);
		nc.cell = NULL;
	}
	if (nc.nvmem) {
		nvmem_device_put(nc.nvmem);
		nc.nvmem = NULL;
	}
}

static int nvmem_consumer_get_cell(void)
{
	struct device *dev = &nc.pdev->dev;
	struct nvmem_cell_info info = {
		.name = nc.cell_name,
		.offset = cell_offset,
		.bytes = cell_bytes,
	};
	struct nvmem_cell *cell;
	int ret;

	if ((u64)cell_offset + cell_bytes > nvmem_consumer_dev_size(nc.nvmem))
		return -EINVAL;

	cell = nvmem_cell_get(dev, NVMEM_CONSUMER_CON_ID);
	if (PTR_ERR_OR_ZERO(cell) == -ENOENT) {
		/*
		 * The lookup matched but this nvmem device has no such cell
		 * yet. There is no API to remove a single cell, so it is added
		 * once per nvmem device and lives as long as the device; its
		 * name carries offset and size so that a reload with other
		 * parameters cannot pick up a stale cell.
		 */
		ret = nvmem_add_one_cell(nc.nvmem, &info);
		if (ret)
			return nvmem_consumer_failed("nvmem_add_one_cell", ret);

		cell = nvmem_cell_get(dev, NVMEM_CONSUMER_CON_ID);
	}
	if (IS_ERR(cell))
		return nvmem_consumer_failed("nvmem_cell_get", PTR_ERR(cell));

	nc.cell = cell;

	return 0;
}

static int nvmem_consumer_attach(void)
{
	struct nvmem_device *nvmem;
	int ret;

	lockdep_assert_held(&nc.lock);

	if (nc.nvmem)
		return -EBUSY;
	if (!nvmem_name || !*nvmem_name)
		return -EINVAL;

	nvmem = nvmem_device_get(&nc.pdev->dev, nvmem_name);
	if (IS_ERR(nvmem))
		return nvmem_consumer_failed("nvmem_device_get", PTR_ERR(nvmem));

	nc.nvmem = nvmem;

	if (nc.lookup_added) {
		ret = nvmem_consumer_get_cell();
		if (ret) {
			nvmem_consumer_detach();
			return ret;
		}
	}

	return 0;
}

static ssize_t nvmem_consumer_attach_write(struct file *file,
					   const char __user *ubuf,
					   size_t count, loff_t *ppos)
{
	int ret;

	scoped_guard(mutex, &nc.lock)
		ret = nvmem_consumer_attach();

	return ret ? nvmem_consumer_user_errno(ret) : count;
}

static const struct file_operations nvmem_consumer_attach_fops = {
	.owner = THIS_MODULE,
	.write = nvmem_consumer_attach_write,
	.llseek = noop_llseek,
};

static ssize_t nvmem_consumer_detach_write(struct file *file,
					   const char __user *ubuf,
					   size_t count, loff_t *ppos)
{
	scoped_guard(mutex, &nc.lock)
		nvmem_consumer_detach();

	return count;
}

static const struct file_operations nvmem_consumer_detach_fops = {
	.owner = THIS_MODULE,
	.write = nvmem_consumer_detach_write,
	.llseek = noop_llseek,
};

/* "OFFSET LEN", decimal or 0x-prefixed hex: the window of device_read. */
static ssize_t nvmem_consumer_request_write(struct file *file,
					    const char __user *ubuf,
					    size_t count, loff_t *ppos)
{
	unsigned int offset, len, end;
	char kbuf[32];
	char *p, *tok;
	int ret;

	if (count >= sizeof(kbuf))
		return -EINVAL;
	if (copy_from_user(kbuf, ubuf, count))
		return -EFAULT;
	kbuf[count] = '\0';

	p = strim(kbuf);
	tok = strsep(&p, " \t");
	if (!p)
		return -EINVAL;

	ret = kstrtouint(tok, 0, &offset);
	if (ret)
		return ret;
	ret = kstrtouint(skip_spaces(p), 0, &len);
	if (ret)
		return ret;
	if (check_add_overflow(offset, len, &end))
		return -EINVAL;

	scoped_guard(mutex, &nc.lock) {
		nc.req_offset = offset;
		nc.req_len = len;
	}

	return count;
}

static ssize_t nvmem_consumer_request_read(struct file *file, char __user *ubuf,
					   size_t count, loff_t *ppos)
{
	char kbuf[32];
	int len;

	scoped_guard(mutex, &nc.lock)
		len = scnprintf(kbuf, sizeof(kbuf), "%u %u\n",
				nc.req_offset, nc.req_len);

	return simple_read_from_buffer(ubuf, count, ppos, kbuf, len);
}

static const struct file_operations nvmem_consumer_request_fops = {
	.owner = THIS_MODULE,
	.read = nvmem_consumer_request_read,
	.write = nvmem_consumer_request_write,
	.llseek = default_llseek,
};

/*
 * File position P of device_read and device_write is device offset
 * req_offset + P; the file ends at req_len or at the end of the device.
 * Each read() or write() inside that window is exactly one
 * nvmem_device_read() or nvmem_device_write() of at most
 * NVMEM_CONSUMER_MAX_IO bytes; outside of it no nvmem call is made.
 * Returns the size of the chunk, 0 at the end of the window, or an errno.
 */
static ssize_t nvmem_consumer_window(loff_t pos, size_t count,
				     unsigned int *offset)
{
	size_t size, end;

	lockdep_assert_held(&nc.lock);

	if (!nc.nvmem)
		return -ENOTCONN;
	if (pos < 0)
		return -EINVAL;
	if (pos >= nc.req_len)
		return 0;

	*offset = nc.req_offset + pos;
	end = min_t(size_t, (size_t)nc.req_offset + nc.req_len,
		    nvmem_consumer_dev_size(nc.nvmem));
	if (*offset >= end)
		return 0;

	size = min3(count, end - *offset, (size_t)NVMEM_CONSUMER_MAX_IO);

	return size;
}

static ssize_t nvmem_consumer_device_read(struct file *file, char __user *ubuf,
					  size_t count, loff_t *ppos)
{
	unsigned int offset;
	ssize_t size;
	void *buf;
	int ret;

	buf = kmalloc(NVMEM_CONSUMER_MAX_IO, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;

	scoped_guard(mutex, &nc.lock) {
		size = nvmem_consumer_window(*ppos, count, &offset);
		if (size <= 0) {
			kfree(buf);
			return size;
		}

		ret = nvmem_device_read(nc.nvmem, offset, size, buf);
		if (ret < 0) {
			nc.device_reads_failed++;
			nvmem_consumer_failed("nvmem_device_read", ret);
			kfree(buf);
			return ret;
		}
		nc.device_reads_ok++;
	}

	/* nvmem_device_read() returns the requested size on success. */
	if (copy_to_user(ubuf, buf, size))
		size = -EFAULT;
	else
		*ppos += size;

	kfree(buf);

	return size;
}

static const struct file_operations nvmem_consumer_device_read_fops = {
	.owner = THIS_MODULE,
	.read = nvmem_consumer_device_read,
	.llseek = default_llseek,
};

static ssize_t nvmem_consumer_device_write(struct file *file,
					   const char __user *ubuf,
					   size_t count, loff_t *ppos)
{
	unsigned int offset;
	ssize_t size;
	void *buf;
	int ret;

	if (!count)
		return 0;

	buf = kmalloc(NVMEM_CONSUMER_MAX_IO, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;

	scoped_guard(mutex, &nc.lock) {
		size = nvmem_consumer_window(*ppos, count, &offset);
		if (size <= 0) {
			kfree(buf);
			/* Writing past the end of the window. */
			return size ? size : -ENOSPC;
		}

		if (copy_from_user(buf, ubuf, size)) {
			kfree(buf);
			return -EFAULT;
		}

		ret = nvmem_device_write(nc.nvmem, offset, size, buf);
		if (ret < 0) {
			nc.device_writes_failed++;
			nvmem_consumer_failed("nvmem_device_write", ret);
			kfree(buf);
			return ret;
		}
		nc.device_writes_ok++;
	}

	*ppos += size;
	kfree(buf);

	return size;
}

static const struct file_operations nvmem_consumer_device_write_fops = {
	.owner = THIS_MODULE,
	.write = nvmem_consumer_device_write,
	.llseek = default_llseek,
};

/*
 * Writing COUNT to read_loop does COUNT nvmem_device_read()s of the
 * device_request window back to back and times them with one pair of
 * ktime_get_ns() calls, so that what a fix adds to the read path can be
 * measured without a syscall per read; reading the file gives the result.
 * The first failing read ends the loop and its errno is the write's.
 */
static ssize_t nvmem_consumer_read_loop_write(struct file *file,
					      const char __user *ubuf,
					      size_t count, loff_t *ppos)
{
	unsigned int reads, offset, i;
	ssize_t size;
	u64 start;
	void *buf;
	int ret;

	ret = kstrtouint_from_user(ubuf, count, 0, &reads);
	if (ret)
		return ret;
	if (!reads || reads > NVMEM_CONSUMER_MAX_LOOP)
		return -EINVAL;

	buf = kmalloc(NVMEM_CONSUMER_MAX_IO, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;

	guard(mutex)(&nc.lock);

	size = nvmem_consumer_window(0, NVMEM_CONSUMER_MAX_IO, &offset);
	if (size <= 0) {
		kfree(buf);
		return size ? size : -EINVAL;
	}

	start = ktime_get_ns();
	for (i = 0; i < reads; i++) {
		ret = nvmem_device_read(nc.nvmem, offset, size, buf);
		if (ret < 0)
			break;
	}
	nc.loop_ns = ktime_get_ns() - start;
	nc.loop_reads = i;
	nc.loop_bytes = size;
	nc.device_reads_ok += i;
	kfree(buf);

	if (ret < 0) {
		nc.device_reads_failed++;
		return nvmem_consumer_failed("nvmem_device_read", ret);
	}

	return count;
}

static int nvmem_consumer_read_loop_show(struct seq_file *s, void *unused)
{
	guard(mutex)(&nc.lock);

	seq_printf(s, "reads: %u\n", nc.loop_reads);
	seq_printf(s, "bytes_per_read: %u\n", nc.loop_bytes);
	seq_printf(s, "elapsed_ns: %llu\n", nc.loop_ns);

	return 0;
}

static int nvmem_consumer_read_loop_open(struct inode *inode,
					 struct file *file)
{
	return single_open(file, nvmem_consumer_read_loop_show, NULL);
}

static const struct file_operations nvmem_consumer_read_loop_fops = {
	.owner = THIS_MODULE,
	.open = nvmem_consumer_read_loop_open,
	.read = seq_read,
	.write = nvmem_consumer_read_loop_write,
	.llseek = seq_lseek,
	.release = single_release,
};

/*
 * The file holds the cell's bytes. Each read() before the end of the cell
 * is one nvmem_cell_read() of the whole cell; at or past the end no nvmem
 * call is made, so "cat" reads the cell exactly once.
 */
static ssize_t nvmem_consumer_cell_read(struct file *file, char __user *ubuf,
					size_t count, loff_t *ppos)
{
	size_t len = 0;
	ssize_t ret;
	void *buf;

	scoped_guard(mutex, &nc.lock) {
		if (!nc.cell)
			return -ENOTCONN;
		if (*ppos < 0)
			return -EINVAL;
		if (*ppos >= cell_bytes)
			return 0;

		buf = nvmem_cell_read(nc.cell, &len);
		if (IS_ERR(buf)) {
			nc.cell_reads_failed++;
			return nvmem_consumer_failed("nvmem_cell_read",
						     PTR_ERR(buf));
		}
		nc.cell_reads_ok++;
	}

	ret = simple_read_from_buffer(ubuf, count, ppos, buf, len);
	kfree(buf);

	return ret;
}

static const struct file_operations nvmem_consumer_cell_read_fops = {
	.owner = THIS_MODULE,
	.read = nvmem_consumer_cell_read,
	.llseek = default_llseek,
};

static int nvmem_consumer_status_show(struct seq_file *s, void *unused)
{
	guard(mutex)(&nc.lock);

	seq_printf(s, "attached: %s\n", nc.nvmem ? "yes" : "no");
	seq_printf(s, "nvmem_name: %s\n", nvmem_name ?: "");
	seq_printf(s, "cell_attached: %s\n", nc.cell ? "yes" : "no");
	seq_printf(s, "cell_name: %s\n", nc.cell_name ?: "");
	seq_printf(s, "cell_offset: %u\n", cell_offset);
	seq_printf(s, "cell_bytes: %u\n", cell_bytes);
	seq_printf(s, "request_offset: %u\n", nc.req_offset);
	seq_printf(s, "request_len: %u\n", nc.req_len);
	seq_printf(s, "device_reads_ok: %lu\n", nc.device_reads_ok);
	seq_printf(s, "device_reads_failed: %lu\n", nc.device_reads_failed);
	seq_printf(s, "cell_reads_ok: %lu\n", nc.cell_reads_ok);
	seq_printf(s, "cell_reads_failed: %lu\n", nc.cell_reads_failed);
	seq_printf(s, "device_writes_ok: %lu\n", nc.device_writes_ok);
	seq_printf(s, "device_writes_failed: %lu\n", nc.device_writes_failed);
	seq_printf(s, "last_error: %d\n", nc.last_error);
	seq_printf(s, "last_error_call: %s\n", nc.last_error_call);

	return 0;
}
DEFINE_SHOW_ATTRIBUTE(nvmem_consumer_status);

static void nvmem_consumer_debugfs_init(void)
{
	nc.dir = debugfs_create_dir(NVMEM_CONSUMER_NAME, NULL);
	debugfs_create_file("attach", 0200, nc.dir, NULL,
			    &nvmem_consumer_attach_fops);
	debugfs_create_file("detach", 0200, nc.dir, NULL,
			    &nvmem_consumer_detach_fops);
	debugfs_create_file("device_request", 0600, nc.dir, NULL,
			    &nvmem_consumer_request_fops);
	debugfs_create_file("device_read", 0400, nc.dir, NULL,
			    &nvmem_consumer_device_read_fops);
	debugfs_create_file("device_write", 0200, nc.dir, NULL,
			    &nvmem_consumer_device_write_fops);
	debugfs_create_file("cell_read", 0400, nc.dir, NULL,
			    &nvmem_consumer_cell_read_fops);
	debugfs_create_file("read_loop", 0600, nc.dir, NULL,
			    &nvmem_consumer_read_loop_fops);
	debugfs_create_file("status", 0400, nc.dir, NULL,
			    &nvmem_consumer_status_fops);
}

static void nvmem_consumer_teardown(void)
{
	scoped_guard(mutex, &nc.lock)
		nvmem_consumer_detach();

	if (nc.lookup_added) {
		nvmem_del_cell_lookups(&nc.lookup, 1);
		nc.lookup_added = false;
	}
	platform_device_unregister(nc.pdev);
	kfree(nc.cell_name);
}

static int __init nvmem_consumer_init(void)
{
	bool named = nvmem_name && *nvmem_name;
	int ret;

	if (cell_bytes) {
		nc.cell_name = kasprintf(GFP_KERNEL, NVMEM_CONSUMER_NAME "-%u-%u",
					 cell_offset, cell_bytes);
		if (!nc.cell_name)
			return -ENOMEM;
	}

	/* No driver binds it: it only gives the consumer a struct device. */
	nc.pdev = platform_device_register_simple(NVMEM_CONSUMER_NAME,
						  PLATFORM_DEVID_NONE, NULL, 0);
	if (IS_ERR(nc.pdev)) {
		kfree(nc.cell_name);
		return PTR_ERR(nc.pdev);
	}

	/* Matched by nvmem_cell_get() on dev_name(consumer) and con_id. */
	if (named && cell_bytes) {
		nc.lookup.nvmem_name = nvmem_name;
		nc.lookup.cell_name = nc.cell_name;
		nc.lookup.dev_id = dev_name(&nc.pdev->dev);
		nc.lookup.con_id = NVMEM_CONSUMER_CON_ID;
		nvmem_add_cell_lookups(&nc.lookup, 1);
		nc.lookup_added = true;
	}

	if (named) {
		scoped_guard(mutex, &nc.lock)
			ret = nvmem_consumer_attach();
		if (ret) {
			nvmem_consumer_teardown();
			return nvmem_consumer_user_errno(ret);
		}
	}

	nvmem_consumer_debugfs_init();

	return 0;
}
module_init(nvmem_consumer_init);

static void __exit nvmem_consumer_exit(void)
{
	/* Waits for debugfs callbacks in flight, so none can race teardown. */
	debugfs_remove_recursive(nc.dir);
	nvmem_consumer_teardown();
}
module_exit(nvmem_consumer_exit);

MODULE_DESCRIPTION("nvmem consumer that holds its references across provider unbind (test vehicle)");
MODULE_AUTHOR("unbindlab");
MODULE_LICENSE("GPL");
