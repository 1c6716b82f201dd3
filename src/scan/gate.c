#include "scan/gate.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>

#include "proto/arp.h"
#include "proto/eth.h"

bool gate_is_group(const struct scope *s, uint32_t dst)
{
	return dst == GATE_BCAST || dst == GATE_MC_SSDP || dst == GATE_MC_DHIP ||
	       dst == GATE_MC_MDNS ||
	       (s->segment_ok && s->seg_mask < 0xfffffffeu && dst == (s->seg_net | ~s->seg_mask));
}

/* The ARP target of a frame we built, read back through the dissectors so
 * the check is on the bytes that leave, not on what the caller says. */
static bool arp_target(const void *buf, size_t n, uint32_t *tpa)
{
	struct proto_eth e;
	struct proto_arp a;
	if (proto_eth_parse(buf, n, &e) != VS_OK || e.ethertype != PROTO_ETHERTYPE_ARP ||
	    proto_arp_parse(e.payload.p, e.payload.len, &a) != VS_OK)
		return false;
	*tpa = (uint32_t)a.tpa[0] << 24 | (uint32_t)a.tpa[1] << 16 | (uint32_t)a.tpa[2] << 8 | a.tpa[3];
	return true;
}

static int sys_send(enum gate_op op, int fd, uint32_t dst, uint16_t port, const void *buf, size_t n)
{
	struct sockaddr_in sa;
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(dst);
	sa.sin_port = htons(port);
	ssize_t w;
	switch (op) {
	case GATE_UDP:
	case GATE_ICMP:
		w = sendto(fd, buf, n, 0, (struct sockaddr *)&sa, sizeof(sa));
		return w < 0 ? errno : 0;
	case GATE_TCP:
		if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0 && errno != EINPROGRESS)
			return errno;
		return 0;
	case GATE_ARP:
		w = send(fd, buf, n, 0);
		return w < 0 ? errno : 0;
	}
	return EINVAL;
}

enum vs_err gate_send(struct gate *g, enum gate_op op, int fd, uint32_t dst, uint16_t port,
		      const void *buf, size_t n, int64_t now_ns, int64_t *wait_ns, int *sys_errno,
		      struct vs_error *err)
{
	*wait_ns = 0;
	*sys_errno = 0;
	char t[16];
	scope_addr_text(dst, t);
	if (op == GATE_ARP) {
		uint32_t tpa;
		if (!arp_target(buf, n, &tpa) || tpa != dst) {
			g->refused++;
			return vs_fail(err, VS_EPERM, "ARP frame for %s does not ask for %s", t, t);
		}
	}
	bool group = gate_is_group(g->scope, dst);
	int64_t host = -1;
	if (group) {
		/* Only UDP discovery may go to a group, and only when every host
		 * on the segment is a target. */
		if (op != GATE_UDP || !g->scope->segment_ok) {
			g->refused++;
			return vs_fail(err, VS_EPERM,
				       "%s: broadcast/multicast discovery needs the whole local "
				       "segment in TARGETS", t);
		}
	} else {
		host = scope_index(g->scope, dst);
		if (host < 0) {
			g->refused++;
			return vs_fail(err, VS_EPERM, "%s is outside the scan's targets: not sent", t);
		}
	}
	int64_t w = rate_take(g->rate, host, now_ns);
	if (w) {
		*wait_ns = w;
		return VS_OK;
	}
	int e = g->fake_send ? g->fake_send(op, fd, dst, port, buf, n, g->fake_ctx)
			     : sys_send(op, fd, dst, port, buf, n);
	if (e) {
		*sys_errno = e;
		return vs_fail(err, VS_EIO, "sending to %s:%u: %s", t, port, strerror(e));
	}
	g->sent++;
	return VS_OK;
}
