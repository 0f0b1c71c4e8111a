// SPDX-License-Identifier: LGPL-2.1-or-later
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "elfcore.h"
#include "fake_backend.h"

static struct fake_config config;

struct fake {
	struct fake_config cfg;
	uint8_t *mem[8]; /* one buffer per range */
	int paused;
};

void fake_backend_configure(const struct fake_config *cfg)
{
	config = *cfg;
}

static void fake_close(void *priv)
{
	struct fake *f = priv;

	for (size_t i = 0; f && i < f->cfg.nranges; i++)
		free(f->mem[i]);
	free(f);
}

static int fake_open(void **priv, struct vms_backend_info *info, const char *arg,
                     const struct vms_target_opts *opts)
{
	struct fake *f;

	(void)opts;
	if (config.fail_open)
		return vms_error_set(config.fail_open, "fake backend refuses '%s'", arg);
	f = calloc(1, sizeof(*f));
	if (!f)
		return -ENOMEM;
	f->cfg = config;
	for (size_t i = 0; i < f->cfg.nranges; i++) {
		f->mem[i] = malloc(f->cfg.ranges[i].size);
		if (!f->mem[i]) {
			f->cfg.nranges = i;
			fake_close(f);
			return -ENOMEM;
		}
		for (uint64_t a = 0; a < f->cfg.ranges[i].size; a++)
			f->mem[i][a] = elfcore_byte(f->cfg.ranges[i].gpa + a);
	}
	info->format = "fake";
	info->ranges = f->cfg.ranges;
	info->nranges = f->cfg.nranges;
	info->nvcpus = f->cfg.nvcpus;
	*priv = f;
	return 0;
}

static int fake_read(void *priv, void *buf, size_t *nread, uint64_t gpa, size_t len)
{
	struct fake *f = priv;
	size_t done = 0;

	while (done < len) {
		uint64_t at = gpa + done;
		size_t i;

		for (i = 0; i < f->cfg.nranges; i++) {
			const struct vms_mem_range *r = &f->cfg.ranges[i];

			if (at >= r->gpa && at - r->gpa < r->size)
				break;
		}
		if (i == f->cfg.nranges) {
			*nread = done;
			return vms_error_set(-EFAULT, "fake: 0x%llx is not memory",
			                     (unsigned long long)at);
		}
		((uint8_t *)buf)[done++] = f->mem[i][at - f->cfg.ranges[i].gpa];
	}
	*nread = done;
	return 0;
}

static int fake_regs(void *priv, struct vms_x86_regs *out, unsigned vcpu)
{
	struct fake *f = priv;

	*out = f->cfg.regs[vcpu];
	return 0;
}

static int fake_pause(void *priv)
{
	struct fake *f = priv;

	if (f->paused)
		return vms_error_set(-EALREADY, "fake: already paused");
	f->paused = 1;
	return 0;
}

static int fake_resume(void *priv)
{
	struct fake *f = priv;

	if (!f->paused)
		return vms_error_set(-EALREADY, "fake: not paused");
	f->paused = 0;
	return 0;
}

/* All ops are present; the configured caps decide which core may call. */
const struct vms_backend_ops fake_backend = {
	.name = "fake",
	.caps = 0, /* replaced per test through a copy; see test_core.c */
	.open = fake_open,
	.close = fake_close,
	.read_gpa = fake_read,
	.get_regs = fake_regs,
	.pause = fake_pause,
	.resume = fake_resume,
};
