// SPDX-License-Identifier: GPL-2.0
/*
 * mtd-unbindable: a RAM-backed, NOR-like MTD behind an unbindable platform
 * driver.
 *
 * This is a test vehicle, not a fix. It follows the pattern of ordinary
 * flash drivers such as spi-nor behind cadence-qspi: the struct mtd_info is
 * embedded in the driver's private data, which probe allocates with
 * devm_kzalloc(), probe registers it with mtd_device_register() and remove
 * calls mtd_device_unregister(). Devres frees the private data (and the
 * flash contents) right after remove returns, whether or not /dev/mtdN is
 * still open. On x86 guests without SPI flash this reproduces the lifetime
 * of the seed bug ("mtd: core: add sync between read/write and unbind
 * device"):
 *
 *   insmod mtd-unbindable.ko [read_delay_ms=N]
 *   cat /dev/mtdX >/dev/null &
 *   echo mtd-unbindable.0 > /sys/bus/platform/drivers/mtd-unbindable/unbind
 *
 * read_delay_ms makes every _read() sleep, so a read can be held in flight
 * across the unbind. nr_parts=N registers the device as N equal partitions
 * (mtdX..mtdX+N-1) instead of one MTD device, which exercises the partition
 * reference counting of the MTD core.
 */

#include <linux/delay.h>
#include <linux/device.h>
#include <linux/err.h>
#include <linux/module.h>
#include <linux/mtd/mtd.h>
#include <linux/mtd/partitions.h>
#include <linux/platform_device.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/vmalloc.h>

#define MTD_UNBINDABLE_NAME		"mtd-unbindable"
#define MTD_UNBINDABLE_SIZE		SZ_1M
#define MTD_UNBINDABLE_ERASESIZE	SZ_64K

static unsigned int read_delay_ms;
module_param(read_delay_ms, uint, 0644);
MODULE_PARM_DESC(read_delay_ms, "Sleep in every _read() call, in ms (default: 0)");

static unsigned int nr_parts;
module_param(nr_parts, uint, 0444);
MODULE_PARM_DESC(nr_parts, "Register N equal partitions instead of the whole device (default: 0, max 16)");

#define MTD_UNBINDABLE_MAX_PARTS	16

struct mtd_unbindable {
	struct device *dev;
	u8 *storage;
	struct mtd_info mtd;
	struct mtd_partition parts[MTD_UNBINDABLE_MAX_PARTS];
	char part_names[MTD_UNBINDABLE_MAX_PARTS][24];
};

static struct platform_device *mtd_unbindable_pdev;

static struct mtd_unbindable *to_mtd_unbindable(struct mtd_info *mtd)
{
	return container_of(mtd, struct mtd_unbindable, mtd);
}

static int mtd_unbindable_erase(struct mtd_info *mtd, struct erase_info *instr)
{
	struct mtd_unbindable *mu = to_mtd_unbindable(mtd);

	memset(mu->storage + instr->addr, 0xff, instr->len);

	return 0;
}

static int mtd_unbindable_read(struct mtd_info *mtd, loff_t from, size_t len,
			       size_t *retlen, u_char *buf)
{
	struct mtd_unbindable *mu = to_mtd_unbindable(mtd);

	if (read_delay_ms)
		msleep(read_delay_ms);

	memcpy(buf, mu->storage + from, len);
	*retlen = len;

	return 0;
}

static int mtd_unbindable_write(struct mtd_info *mtd, loff_t to, size_t len,
				size_t *retlen, const u_char *buf)
{
	struct mtd_unbindable *mu = to_mtd_unbindable(mtd);

	memcpy(mu->storage + to, buf, len);
	*retlen = len;

	return 0;
}

static void mtd_unbindable_vfree(void *storage)
{
	vfree(storage);
}

static int mtd_unbindable_probe(struct platform_device *pdev)
{
	struct device *dev = &pdev->dev;
	struct mtd_unbindable *mu;
	struct mtd_info *mtd;
	unsigned int i;
	int ret;

	if (nr_parts > MTD_UNBINDABLE_MAX_PARTS)
		return -EINVAL;

	mu = devm_kzalloc(dev, sizeof(*mu), GFP_KERNEL);
	if (!mu)
		return -ENOMEM;

	mu->dev = dev;
	mu->storage = vmalloc(MTD_UNBINDABLE_SIZE);
	if (!mu->storage)
		return -ENOMEM;

	ret = devm_add_action_or_reset(dev, mtd_unbindable_vfree, mu->storage);
	if (ret)
		return ret;

	memset(mu->storage, 0xff, MTD_UNBINDABLE_SIZE);

	mtd = &mu->mtd;
	mtd->name = MTD_UNBINDABLE_NAME;
	mtd->type = MTD_NORFLASH;
	mtd->flags = MTD_CAP_NORFLASH;
	mtd->size = MTD_UNBINDABLE_SIZE;
	mtd->erasesize = MTD_UNBINDABLE_ERASESIZE;
	mtd->writesize = 1;
	mtd->writebufsize = 64;
	mtd->owner = THIS_MODULE;
	mtd->dev.parent = dev;
	mtd->_erase = mtd_unbindable_erase;
	mtd->_read = mtd_unbindable_read;
	mtd->_write = mtd_unbindable_write;

	for (i = 0; i < nr_parts; i++) {
		snprintf(mu->part_names[i], sizeof(mu->part_names[i]),
			 MTD_UNBINDABLE_NAME "-p%u", i);
		mu->parts[i].name = mu->part_names[i];
		mu->parts[i].size = MTD_UNBINDABLE_SIZE / nr_parts;
		mu->parts[i].offset = i * mu->parts[i].size;
	}

	platform_set_drvdata(pdev, mu);

	return mtd_device_register(mtd, nr_parts ? mu->parts : NULL, nr_parts);
}

static void mtd_unbindable_remove(struct platform_device *pdev)
{
	struct mtd_unbindable *mu = platform_get_drvdata(pdev);

	WARN_ON(mtd_device_unregister(&mu->mtd));
}

static struct platform_driver mtd_unbindable_driver = {
	.probe = mtd_unbindable_probe,
	.remove = mtd_unbindable_remove,
	.driver = {
		.name = MTD_UNBINDABLE_NAME,
	},
};

static int __init mtd_unbindable_init(void)
{
	int ret;

	ret = platform_driver_register(&mtd_unbindable_driver);
	if (ret)
		return ret;

	mtd_unbindable_pdev = platform_device_register_simple(MTD_UNBINDABLE_NAME,
							      0, NULL, 0);
	if (IS_ERR(mtd_unbindable_pdev)) {
		platform_driver_unregister(&mtd_unbindable_driver);
		return PTR_ERR(mtd_unbindable_pdev);
	}

	return 0;
}
module_init(mtd_unbindable_init);

static void __exit mtd_unbindable_exit(void)
{
	platform_device_unregister(mtd_unbindable_pdev);
	platform_driver_unregister(&mtd_unbindable_driver);
}
module_exit(mtd_unbindable_exit);

MODULE_DESCRIPTION("RAM-backed MTD behind an unbindable platform driver (test vehicle)");
MODULE_AUTHOR("unbindlab");
MODULE_LICENSE("GPL");
